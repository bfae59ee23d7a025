import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, FIXTURES, openDb, tmpDir, dbAs } from '../helpers.js';
import { gradesOf, seed } from '../grades/setup.js';

/** Graders' sheets as graders build them, saved by openpyxl and by LibreOffice (fixtures/make/sheets.*). */
const fx = (name: string) => path.join(FIXTURES, 'sheets', name);
const five = ['101', '102', '103', '104', '105'];
const imp = (db: string, args: string[], as = 'admin') => cli(['--json', 'grades', 'import', ...args], { db, as });
const doc = (r: { stdout: string }) => JSON.parse(r.stdout);
const letters = (db: string) => Object.fromEntries(Object.entries(gradesOf(db)).map(([k, v]) => [k, v.grade]));
const points = (db: string) => Object.fromEntries(Object.entries(gradesOf(db)).map(([k, v]) => [k, v.points]));
const every = (base: string) => [`openpyxl-${base}.xlsx`, `libreoffice-${base}.xlsx`, `libreoffice-${base}.ods`, `libreoffice-${base}.xls`];
const lo = (base: string) => [`libreoffice-${base}.xlsx`, `libreoffice-${base}.ods`, `libreoffice-${base}.xls`];

describe('which sheet', () => {
  it.each(every('hidden-first-sheet'))('%s: the visible sheet is read, never the hidden first one, and the report names it', async (f) => {
    const db = seed({ candidates: five });
    const r = await imp(db, ['T1', fx(f)]);
    expect(r.code, r.stderr).toBe(0);
    expect(doc(r).sheet).toBe('Vår 2026');
    expect(r.stderr).toContain('Reading sheet "Vår 2026"');
    expect(r.stderr).toContain('"Høst 2025" (hidden)');
    expect(letters(db)).toEqual({ '101': 'A', '102': 'B', '103': 'C', '104': 'D', '105': 'E' });
  });

  it('a hidden sheet is read when named', async () => {
    const db = seed({ candidates: five });
    const r = await imp(db, ['T1', fx('libreoffice-hidden-first-sheet.ods'), '--sheet', 'Høst 2025']);
    expect(r.code, r.stderr).toBe(0);
    expect(doc(r).sheet).toBe('Høst 2025');
    expect(new Set(Object.values(letters(db)))).toEqual(new Set(['F']));
  });

  it.each(['openpyxl-notes-active.xlsx', 'libreoffice-notes-active.xlsx'])('%s: an active sheet with no header is refused, naming the sheets there are', async (f) => {
    const db = seed({ candidates: five });
    const r = await imp(db, ['T1', fx(f)]);
    expect(r.code).toBe(2);
    const d = doc(r);
    expect(d.sheet).toBe('Notater');
    expect(d.errors[0].message).toContain('"Notater" (active), "Karakterer"');
    expect(d.errors[0].message).toContain('--candidate-column');
    expect(gradesOf(db)).toEqual({});
  });
});

describe('which column', () => {
  it.each(every('three-grade-columns'))('%s: two grade columns are refused with both named; --grade-column picks one and the other is said to be ignored', async (f) => {
    const db = seed({ candidates: ['101', '102', '103'] });
    const r = await imp(db, ['T1', fx(f)]);
    expect(r.code).toBe(2);
    const msg = doc(r).errors.map((e: { message: string }) => e.message).join('\n');
    expect(msg).toContain('B (Karakter) and D (Endelig karakter)');
    expect(msg).toContain('--grade-column');
    expect(gradesOf(db)).toEqual({});
    const ok = await imp(db, ['T1', fx(f), '--grade-column', 'Endelig karakter']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/reading the grade from column D \(Endelig karakter\); ignored: B \(Karakter\)/);
    expect(letters(db)).toEqual({ '101': 'B', '102': 'C', '103': 'A' });
  });

  it.each(every('two-blocks'))('%s: two blocks side by side are refused, never half read; each block is read by column letters', async (f) => {
    const db = seed({ candidates: five });
    const r = await imp(db, ['T1', fx(f)]);
    expect(r.code).toBe(2);
    const msg = doc(r).errors.map((e: { message: string }) => e.message).join('\n');
    expect(msg).toContain('A (Kandidatnummer) and C (Kandidatnummer)');
    expect(msg).toContain('B (Karakter) and D (Karakter)');
    expect(gradesOf(db)).toEqual({});
    expect((await imp(db, ['T1', fx(f), '--candidate-column', 'A', '--grade-column', 'B'])).code).toBe(0);
    expect((await imp(db, ['T1', fx(f), '--candidate-column', 'C', '--grade-column', 'D'])).code).toBe(0);
    expect(letters(db)).toEqual({ '101': 'A', '102': 'B', '103': 'C', '104': 'D', '105': 'E' });
  });

  it.each(every('friendly-headers'))('%s: "Kand.nr." and "Karakter (A–F)" are found; the one sheet read is named', async (f) => {
    const db = seed({ candidates: five });
    const r = await imp(db, ['T1', fx(f)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Reading sheet "Sensur"');
    expect(doc(r).sheet).toBe('Sensur');
    expect(letters(db)).toEqual({ '101': 'A', '102': 'B' });
  });

  it('"Kandidat-ID" and "Grade [A-F]" are found', async () => {
    const db = seed({ candidates: five });
    expect((await imp(db, ['T1', fx('openpyxl-bracket-headers.xlsx')])).code).toBe(0);
    expect(letters(db)).toEqual({ '101': 'C' });
  });
});

describe('which value', () => {
  it.each(every('percent-points'))('%s: a points cell shown as 92 % is 92 points, never 0.92', async (f) => {
    const db = seed({ scale: 'points', candidates: five });
    const r = await imp(db, ['T1', fx(f)]);
    expect(r.code, r.stderr).toBe(0);
    expect(points(db)).toEqual({ '101': 92, '102': 45.5, '103': 88 });
  });

  it.each(every('date-points'))('%s: a date or a time in a points cell is an error', async (f) => {
    const db = seed({ scale: 'points', candidates: five });
    const r = await imp(db, ['T1', fx(f)]);
    expect(r.code).toBe(2);
    const errors = doc(r).errors as { row: number; value: string; message: string }[];
    expect(errors.map((e) => [e.row, e.value])).toEqual([
      [2, '2026-05-07'],
      [3, '12:30'],
    ]);
    for (const e of errors) expect(e.message).toContain('not a date or a time');
    expect(gradesOf(db)).toEqual({});
  });

  it.each(lo('formulas'))('%s: spreadsheet errors are named as the errors they are; an empty-text formula is an empty cell', async (f) => {
    const db = seed({ scale: 'points', candidates: five });
    const r = await imp(db, ['T1', fx(f)]);
    expect(r.code).toBe(2);
    const d = doc(r);
    expect(d.errors.map((e: { row: number; value: string }) => [e.row, e.value])).toEqual([
      [4, '#DIV/0!'],
      [5, '#N/A'],
    ]);
    expect(d.errors[0].message).toContain('spreadsheet error #DIV/0!');
    expect(gradesOf(db)).toEqual({});
  });

  it.each(lo('empty-text'))('%s: a formula whose value is empty text imports as an empty cell', async (f) => {
    const db = seed({ scale: 'points', candidates: five });
    const r = await imp(db, ['T1', fx(f)]);
    expect(r.code, r.stderr).toBe(0);
    expect(doc(r).counts).toMatchObject({ new: 2, empty: 1, errors: 0 });
    expect(points(db)).toEqual({ '101': 70, '103': 45.5 });
  });

  it.each(every('leading-zeros'))('%s: a number formatted 0000 matches the number shown where registered, else the number', async (f) => {
    const db = seed({ candidates: ['0001', '101'] });
    const r = await imp(db, ['T1', fx(f)]);
    expect(r.code, r.stderr).toBe(0);
    expect(letters(db)).toEqual({ '0001': 'A', '101': 'B' });
  });
});

describe('which characters', () => {
  it.each(every('invisible'))('%s: spaces of every kind are trimmed at both ends; a zero-width space inside a number is named U+200B', async (f) => {
    const db = seed({ candidates: five });
    const r = await imp(db, ['T1', fx(f)]);
    expect(r.code).toBe(2);
    const d = doc(r);
    expect(d.errors).toHaveLength(1);
    expect(d.errors[0]).toMatchObject({ row: 3, column: 'A (Kandidatnummer)', value: '1<U+200B>02' });
    expect(d.errors[0].message).toContain('U+200B (zero-width space)');
    expect(r.stderr).not.toContain('\u200b');
    expect(gradesOf(db)).toEqual({});
  });

  it('trimmed values import: a zero-width space before B, non-breaking spaces around D, a space after B', async () => {
    const db = seed({ candidates: five });
    const XLSX = await import('xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Kandidatnummer', 'Karakter'], ['101', '\u200bB'], ['103\u00a0', '\u00a0D\u00a0'], ['104', 'B ']]), 'S');
    const file = path.join(tmpDir(), 'trim.xlsx');
    fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    const r = await imp(db, ['T1', file]);
    expect(r.code, r.stdout).toBe(0);
    expect(letters(db)).toEqual({ '101': 'B', '103': 'D', '104': 'B' });
  });
});

describe('said, not hidden', () => {
  it.each(every('hidden-rows'))('%s: rows hidden by a filter are imported and named in a warning', async (f) => {
    const db = seed({ candidates: five });
    const r = await imp(db, ['T1', fx(f)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/row\(s\) 3, 5 are hidden/);
    expect(letters(db)).toEqual({ '101': 'A', '102': 'B', '103': 'C', '104': 'D', '105': 'E' });
  });

  it.each(every('two-problems'))('%s: every problem of a row is reported, not only the first', async (f) => {
    const db = seed({ candidates: five });
    const r = await imp(db, ['T1', fx(f)]);
    expect(r.code).toBe(2);
    expect(doc(r).errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [2, 'A (Kandidatnummer)'],
      [2, 'B (Karakter)'],
    ]);
  });
});

describe('which encoding', () => {
  it('a UTF-8 byte-order mark wins over --encoding windows-1252, and says so', async () => {
    const db = seed({});
    const r = await cli(['--json', 'users', 'import', fx('users-utf8-bom.csv'), '--encoding', 'windows-1252'], { db, as: 'admin' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('UTF-8 byte-order mark: read as UTF-8, not windows-1252');
    const conn = openDb(db);
    const names = conn.prepare("SELECT name FROM users WHERE username IN ('bjorn', 'ase') ORDER BY username").all();
    conn.close();
    expect(names).toEqual([{ name: 'Åse Ærlig' }, { name: 'Bjørn Ødegård' }]);
  });
});

describe('commands that work when pasted', () => {
  it('the dry run prints a --plan line that, pasted into bash, applies the plan (a path with spaces, æøå and parentheses)', async () => {
    const db = seed({ candidates: ['101', '102', '103'] });
    const dir = path.join(tmpDir(), 'Sensur høst (K1)');
    fs.mkdirSync(dir);
    const file = path.join(dir, "Sensur høst (K1) o'Brien.xlsx");
    fs.copyFileSync(fx('libreoffice-three-grade-columns.xlsx'), file);
    const dry = await cli(['grades', 'import', 'T1', file, '--sheet', 'Sensur', '--grade-column', 'Endelig karakter', '--dry-run'], { db, as: 'admin' });
    expect(dry.code, dry.stderr).toBe(0);
    const lines = dry.stderr.split('\n').filter((l) => /^\s*examctl /.test(l));
    expect(lines).toHaveLength(1);
    expect(gradesOf(db)).toEqual({});
    // `examctl` on PATH is the built binary.
    const binDir = tmpDir();
    fs.symlinkSync(BIN, path.join(binDir, 'examctl'));
    const run = spawnSync('bash', ['-c', lines[0]!.trim()], { env: { PATH: `${binDir}:${process.env.PATH}`, HOME: process.env.HOME, NO_COLOR: '1' }, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(letters(db)).toEqual({ '101': 'B', '102': 'C', '103': 'A' });
    // The undo line it prints works pasted too.
    const undo = run.stderr.split('\n').filter((l) => /^\s*examctl /.test(l));
    expect(undo).toHaveLength(1);
    expect(execFileSync('bash', ['-c', undo[0]!.trim()], { env: { PATH: `${binDir}:${process.env.PATH}`, HOME: process.env.HOME, NO_COLOR: '1' } })).toBeDefined();
    expect(gradesOf(db)).toEqual({});
  });
});

describe('the same rules in every import', () => {
  it('a zero-width space inside a username is named in a users import; one at either end is trimmed', async () => {
    const db = seed({});
    const file = path.join(tmpDir(), 'users.csv');
    fs.writeFileSync(file, 'username,name\nka\u200bri,Kari\n\u200bola\u00a0,Ola\n');
    const r = await cli(['--json', 'users', 'import', file], { db, as: 'admin' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('U+200B (zero-width space)');
    expect(r.stderr).toContain('row 2');
    expect(r.stderr).not.toContain('row 3');
    const conn = openDb(db);
    expect(conn.prepare("SELECT count(*) AS n FROM users WHERE username IN ('kari', 'ola')").get()).toEqual({ n: 0 });
    conn.close();
  });

  it('two candidate-number columns in a candidates import are refused with both named and the option that picks one', async () => {
    const db = seed({});
    const file = path.join(tmpDir(), 'c.csv');
    fs.writeFileSync(file, 'Kandidatnummer,Kandidat,Status\n101,102,registered\n');
    const r = await cli(['candidates', 'import', 'T1', file], { db, as: 'admin' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('A (Kandidatnummer) and B (Kandidat)');
    expect(r.stderr).toContain('--column number=<header or column letter>');
  });
});

describe('every printed command line runs when pasted', () => {
  it('users explain and a refused add-grader print their fixes as command lines that run in bash', async () => {
    const db = seed({ committees: { K1: [] } });
    await cli(['users', 'add', 'kari', '--name', 'Kari'], { db, as: 'admin' });
    const binDir = tmpDir();
    fs.symlinkSync(BIN, path.join(binDir, 'examctl'));
    const env = { PATH: `${binDir}:${process.env.PATH}`, HOME: process.env.HOME, NO_COLOR: '1' };
    const refused = await cli(['committees', 'add-grader', 'T1', 'K1', 'kari'], { db, as: 'admin' });
    expect(refused.code).toBe(3);
    const fix = refused.stderr.split('\n').filter((l) => /^\s*examctl /.test(l));
    expect(fix).toEqual([`  examctl --db ${dbAs(db, 'admin')} --as admin roles grant kari --role grader`]);
    expect(spawnSync('bash', ['-c', fix[0]!.trim()], { env, encoding: 'utf8' }).status).toBe(0);
    const explained = await cli(['users', 'explain', 'kari', '--test', 'T1'], { db, as: 'admin' });
    const lines = explained.stdout.split('\n').filter((l) => l.includes('examctl '));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l).toMatch(/^\s*examctl /);
      const r = spawnSync('bash', ['-c', l.trim()], { env, encoding: 'utf8' });
      expect(r.status, `${l}\n${r.stderr}`).toBe(0);
    }
    expect((await cli(['--json', 'users', 'explain', 'kari', '--test', 'T1'], { db, as: 'admin' })).code).toBe(0);
  });
});

describe('every problem of a row, in the users import too', () => {
  it('a row with an existing username (add mode) and a bad kind reports both', async () => {
    const db = seed({});
    const file = path.join(tmpDir(), 'users.csv');
    fs.writeFileSync(file, 'username,name,kind\nadmin,Ada,professor\n');
    const r = await cli(['--json', 'users', 'import', file], { db, as: 'admin' });
    expect(r.code).toBe(2);
    const errors = JSON.parse(r.stdout).errors as { row: number; column: string }[];
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'A (username)'],
      [2, 'C (kind)'],
    ]);
  });
});
