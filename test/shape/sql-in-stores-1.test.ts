import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/**
 * The database is reached through store modules only: a rule of people, access or the log, or a
 * file at the top of src/domain, prepares no statement, runs no SQL script and sets no pragma.
 * A store is `store.ts`, `store-*.ts` or `*-store.ts`.
 */
const DOMAIN = path.join(ROOT, 'src', 'domain');
const FOLDERS = ['people', 'access', 'log'];
const isStore = (file: string) => /^(store(-[\w-]+)?|[\w-]+-store)\.ts$/.test(path.basename(file));
const CALL = /\.\s*(prepare|exec|pragma)\s*\(/g;

function files(): string[] {
  const top = fs.readdirSync(DOMAIN).filter((f) => f.endsWith('.ts')).map((f) => path.join(DOMAIN, f));
  const nested = FOLDERS.flatMap((d) =>
    (fs.readdirSync(path.join(DOMAIN, d), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => path.join(DOMAIN, d, f)),
  );
  return [...top, ...nested];
}

/** Each call to the database in the file, as `file:line .prepare(`. */
function databaseCalls(file: string): string[] {
  const found: string[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      for (const m of line.matchAll(CALL)) found.push(`${path.relative(ROOT, file)}:${i + 1} .${m[1]}(`);
    });
  return found;
}

describe('SQL in the stores of people, access and the log', () => {
  it('no rule module of these folders calls .prepare(, .exec( or .pragma(', () => {
    const outside = files().filter((f) => !isStore(f)).flatMap(databaseCalls);
    expect(outside, outside.join('\n')).toEqual([]);
  });

  it('each folder has a store, and the stores are where the statements are (the scan sees them)', () => {
    for (const d of FOLDERS) expect(fs.existsSync(path.join(DOMAIN, d, 'store.ts')), d).toBe(true);
    expect(files().filter(isStore).flatMap(databaseCalls).length).toBeGreaterThan(0);
  });

  it('a store holds no rule: it throws none of the errors a rule throws and checks no permission', () => {
    const rules = files()
      .filter(isStore)
      .filter((f) => /from '(\.\.\/)+errors\.js'|from '[./]*access\/access\.js'|from '\.\/access\.js'/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f));
    expect(rules).toEqual([]);
  });
});
