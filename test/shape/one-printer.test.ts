import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** Every verb returns its Result and the one printer (src/ui/result.ts) writes it: no verb writes to stdout. */
describe('one printer', () => {
  it('no file under src/commands writes to stdout through the Output or branches on --json to print', () => {
    const dir = path.join(ROOT, 'src', 'commands');
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && f !== 'runtime.ts');
    const hits: string[] = [];
    for (const f of files) {
      const lines = fs.readFileSync(path.join(dir, f), 'utf8').split('\n');
      lines.forEach((l, i) => {
        if (/\bout\.(line|emit|table|write)\(|streams\.stdout\.write\(|process\.stdout/.test(l)) hits.push(`${f}:${i + 1}: ${l.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
