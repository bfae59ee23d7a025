import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/**
 * The database is reached through store modules only, so that a second engine can stand behind
 * them without touching a rule: no rule module under src/domain prepares a statement, runs an SQL
 * script or sets a pragma. A store is `store.ts`, `store-*.ts` or `*-store.ts`.
 */
const DOMAIN = path.join(ROOT, 'src', 'domain');
const isStore = (file: string) => /^(store(-[\w-]+)?|[\w-]+-store)\.ts$/.test(path.basename(file));
const CALL = /\.\s*(prepare|exec|pragma)\s*\(/g;
/** `/^(\d+)$/.exec(text)`: a regular expression, not the database. */
const REGEX_EXEC = /\/[gimsuy]*\.exec\(\s*$/;

const files = (): string[] =>
  (fs.readdirSync(DOMAIN, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => path.join(DOMAIN, f));

/** Each call to the database in the text, as `file:line .prepare(`. */
export function databaseCalls(text: string, name: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(CALL)) {
      if (m[1] === 'exec' && REGEX_EXEC.test(line.slice(0, m.index! + m[0].length))) continue;
      found.push(`${name}:${i + 1} .${m[1]}(`);
    }
  });
  return found;
}

describe('SQL lives in the stores', () => {
  it('no rule module under src/domain calls .prepare(, .exec( or .pragma(', () => {
    const outside = files()
      .filter((f) => !isStore(f))
      .flatMap((f) => databaseCalls(fs.readFileSync(f, 'utf8'), path.relative(ROOT, f)));
    expect(outside, outside.join('\n')).toEqual([]);
  });

  it('every noun folder has a store, and the scan sees the statements there', () => {
    const folders = fs.readdirSync(DOMAIN, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.length).toBeGreaterThanOrEqual(7);
    for (const d of folders) expect(fs.existsSync(path.join(DOMAIN, d, 'store.ts')), `src/domain/${d}/store.ts`).toBe(true);
    expect(files().filter(isStore).flatMap((f) => databaseCalls(fs.readFileSync(f, 'utf8'), f)).length).toBeGreaterThan(30);
  });

  it('the scan catches a statement and lets a regular expression pass', () => {
    expect(databaseCalls("const r = db.prepare('SELECT 1').get();\n  db .exec('VACUUM');\n", 'x.ts')).toEqual(['x.ts:1 .prepare(', 'x.ts:2 .exec(']);
    expect(databaseCalls('const m = /^(\\d+)$/.exec(text);', 'x.ts')).toEqual([]);
  });

  it('a store holds no rule: it throws none of the errors a rule throws and checks no permission', () => {
    const rules = files()
      .filter(isStore)
      .filter((f) => /from '(\.\.\/)+errors\.js'|from '[./]*access\/access\.js'|from '\.\/access\.js'/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f));
    expect(rules).toEqual([]);
  });
});
