import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createOutput } from '../../src/ui/output.js';
import { PROGRESS_THRESHOLD, progressFor } from '../../src/ui/progress.js';

async function output(tty: boolean) {
  const stderr = Object.assign(new PassThrough(), { isTTY: tty, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  let text = '';
  stderr.on('data', (c) => (text += c));
  const out = await createOutput({ stdout: new PassThrough(), stderr }, { json: false, color: false });
  return { out, text: () => text };
}

describe('progress on stderr', () => {
  it('shows a bar for large jobs on a terminal only', async () => {
    const tty = await output(true);
    const p = await progressFor(tty.out, PROGRESS_THRESHOLD + 1);
    p.update('checking', 0, 10_000);
    p.update('checking', 10_000, 10_000);
    p.stop();
    await new Promise((r) => setImmediate(r));
    expect(tty.text()).toContain('checking');

    const small = await output(true);
    const q = await progressFor(small.out, PROGRESS_THRESHOLD);
    q.update('checking', 0, 10);
    q.stop();
    expect(small.text()).toBe('');

    const pipe = await output(false);
    const r = await progressFor(pipe.out, 1_000_000);
    r.update('checking', 0, 1_000_000);
    r.stop();
    expect(pipe.text()).toBe('');
  });
});
