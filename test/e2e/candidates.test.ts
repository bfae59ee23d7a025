import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, spawnCli, tmpDir, writeTemp } from '../helpers.js';

/** Candidate lists through the built binary, as scripts use them. */
describe('candidates, end to end', () => {
  it('a list piped into a reader that stops early (| head -1) ends quietly with 0, no EPIPE stack trace', async () => {
    const env = { EXAMCTL_DB: path.join(tmpDir(), 'e2e.db'), EXAMCTL_USER: 'office' };
    const run = (...args: string[]) => spawnCli(args, { env });
    expect((await run('init', '--admin', 'office')).code).toBe(0);
    expect((await run('tests', 'create', 'T1', '--course', 'C', '--year', '2026', '--term', 'autumn', '--title', 'T')).code).toBe(0);
    const csv = 'kandidatnummer\n' + Array.from({ length: 5000 }, (_, i) => String(10_000 + i)).join('\n') + '\n';
    expect((await run('candidates', 'import', 'T1', writeTemp('c.csv', csv))).code).toBe(0);

    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'candidates', 'list', 'T1'], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stdout.once('data', () => child.stdout.destroy());
      child.stderr.on('data', (c) => (stderr += c));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.code).toBe(0);
  });
});
