import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, FIXTURES, openDb, writeTemp } from '../helpers.js';
import { confirm, gradesOf, seed, sql } from '../grades/setup.js';

const fx = (name: string) => path.join(FIXTURES, 'grades', name);
const five = ['101', '102', '103', '104', '105'];
const imp = (db: string, args: string[], as = 'admin') => cli(['--json', 'grades', 'import', ...args], { db, as });
const doc = (r: { stdout: string }) => JSON.parse(r.stdout);
const letters = (db: string, code = 'T1') => Object.fromEntries(Object.entries(gradesOf(db, code)).map(([k, v]) => [k, v.grade]));

describe('grades import: real files from other programs', () => {
  it('reads an openpyxl .xlsx with a title line above a Norwegian header, numbers as 101 and 101.0 and text', async () => {
    const db = seed({ candidates: five });
    const r = await imp(db, ['T1', fx('openpyxl-letter.xlsx')]);
    expect(r.code, r.stderr).toBe(0);
    const d = doc(r);
    expect(d).toMatchObject({ dryRun: false, counts: { new: 4, changed: 0, unchanged: 0, empty: 1, errors: 0 }, errors: [] });
    expect(typeof d.batch).toBe('number');
    expect(Object.keys(d).slice(0, 5)).toEqual(['batch', 'dryRun', 'counts', 'changes', 'errors']);
    expect(d.changes[0]).toEqual({ candidate: '101', old: null, new: 'A' });
    expect(letters(db)).toEqual({ '101': 'A', '102': 'B', '103': 'C', '105': 'E' });
  });

  it.each([['libreoffice.xlsx'], ['libreoffice.ods'], ['libreoffice.xls']])('reads %s saved by LibreOffice', async (f) => {
    const db = seed({ candidates: ['101', '102', '103', '104'] });
    const r = await imp(db, ['T1', fx(f)]);
    expect(r.code, r.stderr).toBe(0);
    expect(doc(r).counts).toEqual({ new: 3, changed: 0, unchanged: 0, empty: 1, errors: 0 });
    expect(letters(db)).toEqual({ '101': 'A', '102': 'B', '104': 'E' });
  });

  it.each([['libreoffice-rich-points.xlsx'], ['libreoffice-rich-points.ods'], ['libreoffice-rich-points.xls']])(
    'reads %s: merged title, header on row 3, numbers formatted 0000, text numbers, SUM formulas with saved values, a hidden row; SheetJS chatter muted',
    async (f) => {
      const db = seed({ scale: 'points', candidates: five });
      const chatter = vi.spyOn(console, 'error');
      const r = await imp(db, ['T1', fx(f)]);
      expect(chatter).not.toHaveBeenCalled();
      chatter.mockRestore();
      expect(r.code, r.stderr).toBe(0);
      expect(doc(r).counts).toEqual({ new: 4, changed: 0, unchanged: 0, empty: 1, errors: 0 });
      const g = gradesOf(db);
      expect(g['101']).toMatchObject({ points: 88.5, grade: 'B' });
      expect(g['102']).toMatchObject({ points: 40.9, grade: 'F' });
      expect(g['103']).toMatchObject({ points: 100, grade: 'A' });
      expect(g['104']).toMatchObject({ points: 88.5, grade: 'B' });
    },
  );

  it('the same sheet as openpyxl saved it: each SUM formula without a saved value is an error on its row', async () => {
    const db = seed({ scale: 'points', candidates: five });
    const r = await imp(db, ['T1', fx('openpyxl-rich-points.xlsx')]);
    expect(r.code).toBe(2);
    expect(doc(r).errors.map((e: { row: number; column: string; value: string }) => [e.row, e.column, e.value])).toEqual([
      [4, 'D (Poeng)', '=SUM(B4:C4)'],
      [5, 'D (Poeng)', '=SUM(B5:C5)'],
      [6, 'D (Poeng)', '=SUM(B6:C6)'],
    ]);
    expect(gradesOf(db)).toEqual({});
  });

  it('reads a semicolon CSV with a byte-order mark (Norwegian Excel "CSV UTF-8")', async () => {
    const db = seed({ candidates: ['101', '102', '103', '104'] });
    const r = await imp(db, ['T1', fx('semicolon-bom.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(letters(db)).toEqual({ '101': 'A', '102': 'B', '104': 'D' });
  });

  it('refuses a Windows-1252 CSV without --encoding, suggesting it, and reads it with --encoding windows-1252', async () => {
    const db = seed({ candidates: ['101', '102', '103'] });
    const no = await cli(['grades', 'import', 'T1', fx('windows-1252.csv')], { db, as: 'admin' });
    expect(no.code).toBe(2);
    expect(no.stderr).toContain('--encoding windows-1252');
    expect(gradesOf(db)).toEqual({});
    const yes = await imp(db, ['T1', fx('windows-1252.csv'), '--encoding', 'windows-1252']);
    expect(yes.code, yes.stderr).toBe(0);
    expect(letters(db)).toEqual({ '101': 'A', '102': 'B', '103': 'C' });
  });

  it('reads Excel "Unicode Text" (UTF-16LE with a byte-order mark, tab-separated)', async () => {
    const db = seed({ candidates: ['101', '102'] });
    const r = await imp(db, ['T1', fx('unicode-text.txt')]);
    expect(r.code, r.stderr).toBe(0);
    expect(letters(db)).toEqual({ '101': 'A', '102': 'B' });
  });

  it('reads points written 88,5 and 88.5 (text or numbers), deriving letters without rounding', async () => {
    const db = seed({ scale: 'points', candidates: five });
    const r = await imp(db, ['T1', fx('openpyxl-points.xlsx')]);
    expect(r.code, r.stderr).toBe(0);
    const g = gradesOf(db);
    expect(g['101']).toMatchObject({ points: 88.5, grade: 'B', derived: 1 });
    expect(g['102']).toMatchObject({ points: 88.5, grade: 'B' });
    expect(g['103']).toMatchObject({ points: 40.9, grade: 'F' });
    expect(g['104']).toMatchObject({ points: 41, grade: 'E' });
    expect(g['105']).toMatchObject({ points: 100, grade: 'A' });
    expect(doc(r).changes[0]).toEqual({ candidate: '101', old: null, new: 88.5 });
    const csv = seed({ scale: 'points', candidates: ['101', '102', '103'] });
    expect((await imp(csv, ['T1', fx('points-comma.csv')])).code).toBe(0);
    expect(gradesOf(csv)['102']).toMatchObject({ points: 88.5, grade: 'B' });
  });

  it('points as numbers count to the 15 digits a spreadsheet shows: a sum stored as 88.99999999999999 is 89, an A', async () => {
    const db = seed({ scale: 'points', candidates: five });
    const r = await imp(db, ['T1', fx('openpyxl-float-sums.xlsx')]);
    expect(r.code, r.stderr).toBe(0);
    const g = gradesOf(db);
    expect(g['101']).toMatchObject({ points: 89, grade: 'A' });
    expect(g['102']).toMatchObject({ points: 41, grade: 'E' });
    expect(g['103']).toMatchObject({ points: 0.3, grade: 'F' });
    expect(g['104']).toMatchObject({ points: 88.5, grade: 'B' });
  });

  it('a candidate number that lost its leading zero in a spreadsheet (0106 → the number 106) is an error naming 0106', async () => {
    const db = seed({ candidates: ['0106', '101'] });
    const r = await imp(db, ['T1', fx('libreoffice-leading-zero.xlsx')]);
    expect(r.code).toBe(2);
    const [e, ...rest] = doc(r).errors;
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ row: 2, column: 'A (Candidate number)', value: '106' });
    expect(e.message).toContain('there is no candidate 106 (candidate 0106 is');
    expect(gradesOf(db)).toEqual({});
    // Text is matched exactly, with no hint: only a number can have lost its zeros.
    const text = await imp(db, ['T1', writeTemp('zero.csv', 'Candidate number,Grade\n106,A\n')]);
    expect(doc(text).errors[0].message).not.toContain('0106');
  });

  it('refuses thousands separators and text around points, each error located', async () => {
    const db = seed({ scale: 'points', candidates: five });
    const r = await imp(db, ['T1', fx('openpyxl-points-bad.xlsx')]);
    expect(r.code).toBe(2);
    const d = doc(r);
    expect(d.batch).toBeNull();
    expect(d.errors.map((e: { row: number; value: string }) => [e.row, e.value])).toEqual([
      [2, '1 000'],
      [3, '1.000,5'],
      [4, '88p'],
      [5, '101'],
    ]);
    expect(d.errors[0]).toMatchObject({ file: fx('openpyxl-points-bad.xlsx'), sheet: 'Sheet1', column: 'B (Poeng)' });
    expect(d.errors[0].message).toContain('0 to 100');
    expect(gradesOf(db)).toEqual({});
  });

  it('reads the sheet named by --sheet', async () => {
    const db = seed({ candidates: ['101', '102'] });
    const r = await imp(db, ['T1', fx('openpyxl-two-sheets.xlsx'), '--sheet', 'Grades']);
    expect(r.code, r.stderr).toBe(0);
    expect(letters(db)).toEqual({ '101': 'B', '102': 'C' });
    const missing = await cli(['grades', 'import', 'T1', fx('openpyxl-two-sheets.xlsx'), '--sheet', 'Nope'], { db, as: 'admin' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('"Grades"');
  });

  it('finds columns named by flags', async () => {
    const db = seed({ candidates: ['7', '8'] });
    const f = writeTemp('flags.csv', 'Student no,Mark,Other\n7,A,x\n8,B,y\n');
    const r = await imp(db, ['T1', f, '--candidate-column', 'Student no', '--grade-column', 'Mark']);
    expect(r.code, r.stderr).toBe(0);
    expect(letters(db)).toEqual({ '7': 'A', '8': 'B' });
    const wrong = await cli(['grades', 'import', 'T1', f, '--grade-column', 'Karakter2'], { db, as: 'admin' });
    expect(wrong.code).toBe(2);
  });
});

describe('grades import: SPEC §7 rules', () => {
  it('rule 1: lowercase letters and word grades are errors, every one reported; a space around a letter is trimmed', async () => {
    const db = seed({ candidates: five });
    const r = await imp(db, ['T1', fx('openpyxl-lowercase-words.xlsx')]);
    expect(r.code).toBe(2);
    const d = doc(r);
    expect(d.counts.errors).toBe(4);
    expect(d.errors.map((e: { value: string }) => e.value)).toEqual(['a', 'Passed', 'G', 'bestått']);
    expect(d.errors[0]).toMatchObject({ row: 2, column: 'B (Grade)' });
    expect(gradesOf(db)).toEqual({});
  });

  it('rule 2: a grade from the file overwrites a grade entered directly', async () => {
    const db = seed({ candidates: ['101', '102'] });
    await cli(['grades', 'set', 'T1', '101', 'F'], { db, as: 'admin' });
    const r = await imp(db, ['T1', writeTemp('g.csv', 'candidate number,grade\n101,A\n')]);
    expect(doc(r).changes).toEqual([{ candidate: '101', old: 'F', new: 'A' }]);
    expect(gradesOf(db)['101']).toMatchObject({ grade: 'A', source: 'import' });
  });

  it('rule 3: a new upload overwrites what an earlier upload set', async () => {
    const db = seed({ candidates: ['101', '102'] });
    await imp(db, ['T1', writeTemp('a.csv', 'candidate number,grade\n101,A\n102,B\n')]);
    const r = await imp(db, ['T1', writeTemp('b.csv', 'candidate number,grade\n101,C\n102,B\n')]);
    expect(doc(r).counts).toMatchObject({ changed: 1, unchanged: 1 });
    expect(letters(db)).toEqual({ '101': 'C', '102': 'B' });
  });

  it('rule 4: an empty cell never removes or changes a grade (nor points beside it)', async () => {
    const db = seed({ candidates: ['101', '102'] });
    await cli(['grades', 'set', 'T1', '101', 'B', '--points', '80'], { db, as: 'admin' });
    await cli(['grades', 'set', 'T1', '102', 'C'], { db, as: 'admin' });
    const r = await imp(db, ['T1', writeTemp('e.csv', 'candidate number,grade,points\n101,,\n102,,\n')]);
    expect(r.code).toBe(0);
    expect(doc(r).counts).toMatchObject({ empty: 2, new: 0, changed: 0 });
    expect(gradesOf(db)['101']).toMatchObject({ grade: 'B', points: 80 });
    const r2 = await imp(db, ['T1', writeTemp('e2.csv', 'candidate number,grade,points\n101,A,\n')]);
    expect(r2.code).toBe(0);
    expect(gradesOf(db)['101']).toMatchObject({ grade: 'A', points: 80 });
  });

  it('rule 5: after an import each grade can still be changed one by one', async () => {
    const db = seed({ candidates: ['101'] });
    await imp(db, ['T1', writeTemp('a.csv', 'candidate number,grade\n101,A\n')]);
    expect((await cli(['grades', 'set', 'T1', '101', 'B'], { db, as: 'admin' })).code).toBe(0);
    expect(letters(db)).toEqual({ '101': 'B' });
  });

  it('rule 6: an import never confirms anything and reminds the user to confirm', async () => {
    const db = seed({ candidates: ['101'] });
    const r = await cli(['grades', 'import', 'T1', writeTemp('a.csv', 'candidate number,grade\n101,A\n')], { db, as: 'admin' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Nothing is confirmed yet/);
    expect(r.stdout).toContain('101: none → A');
    expect(gradesOf(db)['101']!.confirmed).toBe(0);
  });

  it('rule 7: all or nothing, and a dry run shows exactly what would change, writing no grade', async () => {
    const db = seed({ candidates: ['101', '102', '103'] });
    await cli(['grades', 'set', 'T1', '102', 'C'], { db, as: 'admin' });
    const f = writeTemp('d.csv', 'candidate number,grade\n101,A\n102,B\n103,\n');
    const dry = await imp(db, ['T1', f, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(doc(dry)).toMatchObject({
      batch: null,
      dryRun: true,
      counts: { new: 1, changed: 1, unchanged: 0, empty: 1, errors: 0 },
      changes: [
        { candidate: '101', old: null, new: 'A' },
        { candidate: '102', old: 'C', new: 'B' },
      ],
    });
    expect(letters(db)).toEqual({ '102': 'C' });
    const bad = await imp(db, ['T1', writeTemp('bad.csv', 'candidate number,grade\n101,A\n102,X\n')]);
    expect(bad.code).toBe(2);
    expect(letters(db)).toEqual({ '102': 'C' });
    expect(sql(db, 'SELECT count(*) AS n FROM batches')).toEqual([{ n: 0 }]);
  });

  it('rule 8: every error names file, sheet, row as the spreadsheet numbers it, column letter and header, value, expected', async () => {
    const db = seed({ candidates: five });
    const r = await cli(['grades', 'import', 'T1', fx('openpyxl-lowercase-words.xlsx')], { db, as: 'admin' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('openpyxl-lowercase-words.xlsx, sheet Sheet1, row 3, column B (Grade): found "Passed": expected a capital letter grade');
    const title = seed({ candidates: five });
    const t = await imp(title, ['T1', writeTemp('t.csv', 'Grades for T1\n\nKandidatnummer,Karakter\n101,A\n102,a\n')]);
    expect(doc(t).errors).toEqual([
      { file: expect.stringContaining('t.csv'), sheet: null, row: 5, column: 'B (Karakter)', value: 'a', message: expect.stringContaining('A, B, C, D, E or F') },
    ]);
  });

  it('rule 9: unknown and duplicated candidates, off-scale values, status, ungraded parts and confirmed grades are errors', async () => {
    const db = seed({ candidates: five });
    const r = await imp(db, ['T1', fx('openpyxl-unknown-duplicate.xlsx')]);
    expect(r.code).toBe(2);
    const d = doc(r);
    expect(d.errors.map((e: { row: number; column: string; message: string }) => [e.row, e.column])).toEqual([
      [3, 'A (Candidate number)'],
      [5, 'A (Candidate number)'],
    ]);
    expect(d.errors[0].message).toContain('no candidate 999');
    expect(d.errors[1].message).toContain('row 2');

    const st = seed({ candidates: ['101', { number: '102', status: 'absent' }, { number: '103', status: 'withdrawn' }] });
    const s = await imp(st, ['T1', writeTemp('s.csv', 'candidate number,grade\n101,A\n102,B\n103,\n')]);
    expect(s.code).toBe(2);
    expect(doc(s).errors).toHaveLength(1);
    expect(doc(s).errors[0]).toMatchObject({ row: 3, message: expect.stringContaining('absent') });

    const reg = seed({ registration: true, candidates: [{ number: '1', status: 'registered' }, { number: '2', status: 'submitted' }] });
    const g = await imp(reg, ['T1', writeTemp('r.csv', 'candidate number,grade\n1,A\n2,B\n')]);
    expect(g.code).toBe(2);
    expect(doc(g).errors[0]).toMatchObject({ row: 2, message: expect.stringContaining('registered') });

    const part = seed({ code: 'AGG', registration: true }, { code: 'P1', ungradedPart: true, partOf: 'AGG', candidates: ['101'] });
    const p = await imp(part, ['P1', writeTemp('p.csv', 'candidate number,grade\n101,A\n')]);
    expect(p.code).toBe(2);
    expect(doc(p).errors[0].message).toContain('AGG');
  });

  it('rule 9: changes to confirmed grades alone exit 5; mixed with bad input exit 2 listing both; nothing written', async () => {
    const db = seed({ candidates: ['101', '102', '103'] });
    await cli(['grades', 'set', 'T1', '101', 'B'], { db, as: 'admin' });
    confirm(db, '101');
    const only = await imp(db, ['T1', writeTemp('c.csv', 'candidate number,grade\n101,A\n102,C\n')]);
    expect(only.code).toBe(5);
    expect(doc(only)).toMatchObject({ batch: null, counts: { errors: 1 } });
    expect(doc(only).errors[0].message).toContain('confirmed');
    const same = await imp(db, ['T1', writeTemp('same.csv', 'candidate number,grade\n101,B\n102,C\n')]);
    expect(same.code).toBe(0);
    const both = await imp(db, ['T1', writeTemp('m.csv', 'candidate number,grade\n101,A\n103,x\n')]);
    expect(both.code).toBe(2);
    expect(doc(both).errors).toHaveLength(2);
    expect(gradesOf(db)['101']).toMatchObject({ grade: 'B', confirmed: 1 });
    expect(gradesOf(db)['103']).toBeUndefined();
  });

  it('rule 8 also for changes to confirmed grades alone: each names file, row, column and value on stderr', async () => {
    const db = seed({ candidates: ['101', '102'] });
    await cli(['grades', 'set', 'T1', '101', 'B'], { db, as: 'admin' });
    confirm(db, '101');
    const f = writeTemp('conf.csv', 'candidate number,grade\n101,A\n102,C\n');
    const r = await cli(['grades', 'import', 'T1', f], { db, as: 'admin' });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`${f}, row 2, column B (grade): found "A": expected no change`);
  });

  it('rule 10: each import is a batch with file, sha256, actor, counts and every change; undo restores exactly', async () => {
    const db = seed({ candidates: ['101', '102', '103'] });
    await cli(['grades', 'set', 'T1', '101', 'F', '--points', '12'], { db, as: 'admin' });
    const f = writeTemp('batch.csv', 'candidate number,grade\n101,A\n102,B\n103,\n');
    const r = await imp(db, ['T1', f]);
    const id = doc(r).batch;
    const list = await cli(['--json', 'grades', 'imports', 'T1'], { db, as: 'admin' });
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ batch: id, file: 'batch.csv', actor: 'admin', changes: 2, undone: false, counts: { new: 1, changed: 1, unchanged: 0, empty: 1, errors: 0 } }),
    ]);
    expect(JSON.parse(list.stdout)[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const u = await cli(['grades', 'undo', String(id)], { db, as: 'admin' });
    expect(u.code, u.stderr).toBe(0);
    expect(gradesOf(db)['101']).toMatchObject({ grade: 'F', points: 12, source: 'direct' });
    expect(gradesOf(db)['102']).toBeUndefined();
    const again = await cli(['grades', 'undo', String(id)], { db, as: 'admin' });
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('already undone');
    expect(sql(db, "SELECT kind FROM events WHERE kind LIKE 'grades.%' ORDER BY id")).toEqual([
      { kind: 'grades.set' },
      { kind: 'grades.import' },
      { kind: 'grades.undo' },
    ]);
    // After an undo the same file applies again.
    const re = await imp(db, ['T1', f]);
    expect(doc(re).counts).toMatchObject({ new: 1, changed: 1 });
  });

  it('rule 10: undo refuses (5) listing every candidate changed since, and changes nothing', async () => {
    const db = seed({ candidates: ['101', '102', '103'] });
    const id = doc(await imp(db, ['T1', writeTemp('a.csv', 'candidate number,grade\n101,A\n102,B\n103,C\n')])).batch;
    await cli(['grades', 'set', 'T1', '101', 'D'], { db, as: 'admin' });
    await cli(['--yes', 'grades', 'clear', 'T1', '103'], { db, as: 'admin' });
    const u = await cli(['grades', 'undo', String(id)], { db, as: 'admin' });
    expect(u.code).toBe(5);
    expect(u.stderr).toContain('candidate 101: the batch set A, now D');
    expect(u.stderr).toContain('candidate 103: the batch set C, now none');
    expect(u.stderr).not.toContain('candidate 102');
    expect(letters(db)).toEqual({ '101': 'D', '102': 'B' });
    expect((await cli(['grades', 'undo', '999'], { db, as: 'admin' })).code).toBe(4);
  });
});

describe('grades import: the same file twice, plans, rights', () => {
  it('the same file twice changes nothing the second time and names the earlier batch', async () => {
    const db = seed({ candidates: ['101', '102'] });
    const f = writeTemp('twice.csv', 'candidate number,grade\n101,A\n102,B\n');
    const first = doc(await imp(db, ['T1', f])).batch;
    const r = await cli(['grades', 'import', 'T1', f], { db, as: 'admin' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 new, 0 changed, 2 unchanged');
    expect(r.stderr).toContain(`batch ${first}`);
    // Under --json too: the document on stdout, the note on stderr.
    const j = await imp(db, ['T1', f]);
    expect(doc(j).counts).toMatchObject({ unchanged: 2 });
    expect(j.stderr).toContain('The same file (same SHA-256) was imported before as batch');
  });

  it('a dry run prints a plan id; --plan applies it when nothing changed, else refuses (5) naming what changed', async () => {
    const db = seed({ candidates: ['101', '102', '103'] });
    const f = writeTemp('plan.csv', 'candidate number,grade\n101,A\n102,B\n');
    const dry = await cli(['grades', 'import', 'T1', f, '--dry-run'], { db, as: 'admin' });
    const plan = /Plan ([0-9a-f]{10})/.exec(dry.stderr)![1]!;
    expect(doc(await imp(db, ['T1', f, '--dry-run'])).plan).toBe(plan);
    await cli(['grades', 'set', 'T1', '102', 'D'], { db, as: 'admin' });
    const stale = await cli(['grades', 'import', 'T1', f, '--plan', plan], { db, as: 'admin' });
    expect(stale.code).toBe(5);
    expect(stale.stderr).toContain('candidate 102: the dry run would change none → B; now it would change D → B');
    expect(gradesOf(db)['101']).toBeUndefined();
    const staleJson = await imp(db, ['T1', f, '--plan', plan]);
    expect(staleJson.code).toBe(5);
    expect(doc(staleJson)).toMatchObject({ batch: null, errors: [{ row: null, message: expect.stringContaining('candidate 102') }] });
    const dry2 = doc(await imp(db, ['T1', f, '--dry-run']));
    const ok = await imp(db, ['T1', f, '--plan', dry2.plan]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(letters(db)).toEqual({ '101': 'A', '102': 'B' });
    const unknown = await cli(['grades', 'import', 'T1', writeTemp('p2.csv', 'candidate number,grade\n103,A\n'), '--plan', 'abcdef0123'], { db, as: 'admin' });
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toContain('--dry-run again');
  });

  it('a grader imports only its own committees\' candidates (a row for another committee names it); in private marking into its own marks', async () => {
    const db = seed({
      marking: 'private',
      committees: { K1: ['g1'], K2: ['g2'] },
      candidates: [{ number: '101', committee: 'K1' }, { number: '102', committee: 'K1' }, { number: '201', committee: 'K2' }],
    });
    const bad = await imp(db, ['T1', writeTemp('g.csv', 'candidate number,grade\n101,A\n201,B\n')], 'g1');
    expect(bad.code).toBe(2);
    expect(doc(bad).errors[0]).toMatchObject({ row: 3, message: expect.stringContaining('committee K2') });
    const ok = await imp(db, ['T1', writeTemp('g2.csv', 'candidate number,grade\n101,A\n102,B\n201,\n')], 'g1');
    expect(ok.code, ok.stderr).toBe(0);
    expect(gradesOf(db)).toEqual({});
    expect(sql(db, 'SELECT c.number, m.grade FROM marks m JOIN candidates c ON c.id = m.candidate_id ORDER BY 1')).toEqual([
      { number: '101', grade: 'A' },
      { number: '102', grade: 'B' },
    ]);
    // g1's undo restores its marks; g2 may not undo g1's batch.
    expect((await cli(['grades', 'undo', String(doc(ok).batch)], { db, as: 'g2' })).code).toBe(3);
    expect((await cli(['grades', 'undo', String(doc(ok).batch)], { db, as: 'g1' })).code).toBe(0);
    expect(sql(db, 'SELECT count(*) AS n FROM marks')).toEqual([{ n: 0 }]);
  });

  it('someone who is neither planner nor grader on the test is refused (3)', async () => {
    const db = seed({ candidates: ['101'], committees: { K1: [] } });
    const other = seed({ code: 'T2', committees: { K9: ['g9'] } });
    void other;
    const r = await cli(['grades', 'import', 'T1', writeTemp('x.csv', 'candidate number,grade\n101,A\n')], { db, as: 'nobody' });
    expect(r.code).toBe(3);
  });
});

describe('grades import: formulas', () => {
  it('a formula cell without a saved value (as openpyxl writes it) is an error, not an empty cell', async () => {
    const db = seed({ candidates: ['101', '102'] });
    const r = await imp(db, ['T1', fx('openpyxl-formula-no-value.xlsx')]);
    expect(r.code).toBe(2);
    expect(doc(r).errors).toEqual([expect.objectContaining({ row: 2, value: '="A"', message: expect.stringContaining('formula') })]);
    expect(gradesOf(db)).toEqual({});
  });
});

describe('grades import and confirmations', () => {
  it('a rewritten grade loses the partial confirmations of its old value (as a single set does)', async () => {
    const db = seed({ candidates: ['101', '102'], committees: { K1: ['g1', 'g2'] } });
    await cli(['grades', 'set', 'T1', '101', 'B'], { db, as: 'admin' });
    await cli(['grades', 'set', 'T1', '102', 'B'], { db, as: 'admin' });
    const d = openDb(db);
    d.prepare(`INSERT INTO confirmations (candidate_id, user_id, at) SELECT c.id, u.id, 'x' FROM candidates c, users u WHERE u.username = 'g1'`).run();
    d.close();
    const r = await imp(db, ['T1', writeTemp('c.csv', 'candidate number,grade\n101,A\n102,B\n')]);
    expect(r.code, r.stderr).toBe(0);
    expect(sql(db, 'SELECT c.number FROM confirmations f JOIN candidates c ON c.id = f.candidate_id')).toEqual([{ number: '102' }]);
  });
});

describe('grades import: more rights and undo cases', () => {
  it('a grader in shared marking writes grades of record; it lists only its own batches; a planner sees all', async () => {
    const db = seed({
      committees: { K1: ['g1'], K2: ['g2'] },
      candidates: [{ number: '101', committee: 'K1' }, { number: '201', committee: 'K2' }],
    });
    expect((await imp(db, ['T1', writeTemp('a.csv', 'candidate number,grade\n101,A\n')], 'g1')).code).toBe(0);
    expect((await imp(db, ['T1', writeTemp('b.csv', 'candidate number,grade\n201,B\n')], 'g2')).code).toBe(0);
    expect(letters(db)).toEqual({ '101': 'A', '201': 'B' });
    const mine = JSON.parse((await cli(['--json', 'grades', 'imports', 'T1'], { db, as: 'g1' })).stdout);
    expect(mine.map((b: { file: string }) => b.file)).toEqual(['a.csv']);
    const all = JSON.parse((await cli(['--json', 'grades', 'imports', 'T1'], { db, as: 'admin' })).stdout);
    expect(all.map((b: { file: string }) => b.file)).toEqual(['a.csv', 'b.csv']);
  });

  it('undo refuses (5) when a grade it wrote has been confirmed since', async () => {
    const db = seed({ candidates: ['101', '102'] });
    const id = doc(await imp(db, ['T1', writeTemp('a.csv', 'candidate number,grade\n101,A\n102,B\n')])).batch;
    confirm(db, '102');
    const u = await cli(['grades', 'undo', String(id)], { db, as: 'admin' });
    expect(u.code).toBe(5);
    expect(u.stderr).toContain('candidate 102: the grade is confirmed now');
    expect(letters(db)).toEqual({ '101': 'A', '102': 'B' });
  });

  it('a points test: grade and points that agree import; a grade that disagrees with the points is an error', async () => {
    const db = seed({ scale: 'points', candidates: ['101', '102', '103'] });
    const f = writeTemp('p.csv', 'kandidatnummer;poeng;karakter\n101;88,5;B\n102;90;B\n103;;A\n');
    const r = await imp(db, ['T1', f]);
    expect(r.code).toBe(2);
    expect(doc(r).errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, 'C (karakter)'],
      [4, 'C (karakter)'],
    ]);
    expect(doc(r).errors[0].message).toContain('90 points is A');
  });

  it('a letter test with a points column records the points beside the grade', async () => {
    const db = seed({ candidates: ['101', '102'] });
    const r = await imp(db, ['T1', writeTemp('lp.csv', 'candidate number,grade,points\n101,B,80\n102,,55\n')]);
    expect(r.code).toBe(2);
    expect(doc(r).errors[0]).toMatchObject({ row: 3, column: 'C (points)', message: expect.stringContaining('points alone give no grade') });
    const ok = await imp(db, ['T1', writeTemp('lp2.csv', 'candidate number,grade,points\n101,B,80\n')]);
    expect(ok.code).toBe(0);
    expect(gradesOf(db)['101']).toMatchObject({ grade: 'B', points: 80, derived: 0 });
  });
});
