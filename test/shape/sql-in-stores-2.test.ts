import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** The folders whose SQL lives in their store modules, so that the rules never reach the database engine. */
const FOLDERS = ['exams', 'candidates'];

/** A store module: store.ts, store-<part>.ts or <noun>-store.ts. */
const isStore = (file: string) => /^(store(-[a-z-]+)?|[a-z-]+-store)\.ts$/.test(path.basename(file));

/** Each `.prepare(`, `.exec(` or `.pragma(` in the source, as `file:line: text`. */
function databaseCalls(file: string, source: string): string[] {
  const hits: string[] = [];
  source.split('\n').forEach((l, i) => {
    if (/\.(prepare|exec|pragma)\(/.test(l)) hits.push(`${file}:${i + 1}: ${l.trim()}`);
  });
  return hits;
}

describe('SQL in stores', () => {
  it('no rule module in exams/ or candidates/ prepares, executes or sets a pragma: the stores do', () => {
    const hits: string[] = [];
    for (const folder of FOLDERS) {
      const dir = path.join(ROOT, 'src', 'domain', folder);
      for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
        if (!f.endsWith('.ts') || isStore(f)) continue;
        hits.push(...databaseCalls(`src/domain/${folder}/${f}`, fs.readFileSync(path.join(dir, f), 'utf8')));
      }
    }
    expect(hits).toEqual([]);
  });

  it('tells stores from rules and finds a database call', () => {
    expect(['store.ts', 'store-groups.ts', 'grade-store.ts'].every(isStore)).toBe(true);
    expect(['groups.ts', 'restore.ts', 'stores.ts'].some(isStore)).toBe(false);
    expect(databaseCalls('x.ts', "const a = 1;\n  db.prepare('SELECT 1').get();\ndb.pragma('x');")).toEqual([
      "x.ts:2: db.prepare('SELECT 1').get();",
      "x.ts:3: db.pragma('x');",
    ]);
  });
});
