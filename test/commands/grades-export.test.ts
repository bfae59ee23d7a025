import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, tmpDir } from '../helpers.js';
import { confirm, gradesOf, seed, sql } from '../grades/setup.js';
import { openDb } from '../helpers.js';

const fx = (name: string) => path.join(FIXTURES, 'grades', name);

function exportDb() {
  const db = seed({
    candidates: [
      { number: '101', student: 'stud1', committee: 'K1' },
      { number: '102', committee: '=HYPERLINK("http://evil")' },
      { number: '-103', status: 'absent' },
    ],
    committees: { K1: ['g1'], '=HYPERLINK("http://evil")': [] },
  });
  const d = openDb(db);
  d.prepare("UPDATE users SET username = '@stud1' WHERE username = 'stud1'").run();
  d.close();
  return db;
}

describe('grades export', () => {
  it('prints SPEC §12 JSON, one row per candidate, student username or null, grade null where none', async () => {
    const db = exportDb();
    await cli(['grades', 'set', 'T1', '101', 'B', '--points', '80,5'], { db, as: 'admin' });
    confirm(db, '101');
    const r = await cli(['grades', 'export', 'T1', '--format', 'json'], { db, as: 'admin' });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { candidate: '-103', student: null, committee: null, grade: null, points: null, status: 'absent', confirmed: false },
      { candidate: '101', student: '@stud1', committee: 'K1', grade: 'B', points: 80.5, status: 'submitted', confirmed: true },
      { candidate: '102', student: null, committee: '=HYPERLINK("http://evil")', grade: null, points: null, status: 'submitted', confirmed: false },
    ]);
    const only = await cli(['--json', 'grades', 'export', 'T1', '--confirmed-only'], { db, as: 'admin' });
    expect(JSON.parse(only.stdout).map((x: { candidate: string }) => x.candidate)).toEqual(['101']);
    expect(sql(db, "SELECT count(*) AS n FROM events WHERE kind = 'grades.export'")).toEqual([{ n: 2 }]);
  });

  it('refuses graders (3)', async () => {
    const db = exportDb();
    const r = await cli(['grades', 'export', 'T1'], { db, as: 'g1' });
    expect(r.code).toBe(3);
  });

  it('writes CSV and XLSX files mode 0600 with formula-looking text neutralised and numbers left numbers', async () => {
    const db = exportDb();
    await cli(['grades', 'set', 'T1', '101', 'B', '--points', '80,5'], { db, as: 'admin' });
    const dir = tmpDir();
    const csvFile = path.join(dir, 'out.csv');
    fs.writeFileSync(csvFile, 'old', { mode: 0o644 });
    expect((await cli(['grades', 'export', 'T1', '--output', csvFile], { db, as: 'admin' })).code).toBe(0);
    expect(fs.statSync(csvFile).mode & 0o777).toBe(0o600);
    const csv = fs.readFileSync(csvFile, 'utf8');
    expect(csv.split('\n')[0]).toBe('Candidate number,Student,Committee,Grade,Points,Status,Confirmed');
    expect(csv).toContain("'-103,,,,,absent,no");
    expect(csv).toContain("101,'@stud1,K1,B,80.5,submitted,no");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);

    const xf = path.join(dir, 'out.xlsx');
    expect((await cli(['grades', 'export', 'T1', '--format', 'xlsx', '--output', xf], { db, as: 'admin' })).code).toBe(0);
    expect(fs.statSync(xf).mode & 0o777).toBe(0o600);
    const ws = XLSX.read(fs.readFileSync(xf)).Sheets['T1']!;
    expect(ws['A2']).toMatchObject({ t: 's', v: "'-103" });
    expect(ws['B3']).toMatchObject({ t: 's', v: "'@stud1" });
    expect(ws['C4']).toMatchObject({ t: 's', v: `'=HYPERLINK("http://evil")` });
    expect(ws['C4'].f).toBeUndefined();
    expect(ws['E3']).toMatchObject({ t: 'n', v: 80.5 });
    expect(ws['A3']).toMatchObject({ t: 's', v: '101' });
  });

  it('CSV to stdout by default; XLSX needs --output', async () => {
    const db = exportDb();
    const r = await cli(['grades', 'export', 'T1'], { db, as: 'admin' });
    expect(r.stdout.split('\n')[0]).toBe('Candidate number,Student,Committee,Grade,Points,Status,Confirmed');
    expect((await cli(['grades', 'export', 'T1', '--format', 'xlsx'], { db, as: 'admin' })).code).toBe(2);
    expect((await cli(['grades', 'export', 'T1', '--format', 'pdf'], { db, as: 'admin' })).code).toBe(2);
  });
});

describe('grades sheet and the round trip', () => {
  const roundTripDb = (scale: 'letter' | 'points') => seed({ code: scale === 'letter' ? 'T1' : 'P1', scale, candidates: ['0101', '0102', '103', '104'] });

  it('writes candidate numbers as text cells and an empty grade column; importing it unchanged changes nothing', async () => {
    const db = roundTripDb('letter');
    const out = path.join(tmpDir(), 'sheet.xlsx');
    const r = await cli(['grades', 'sheet', 'T1', '--output', out], { db, as: 'admin' });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const ws = XLSX.read(fs.readFileSync(out)).Sheets['T1']!;
    expect(ws['A1'].v).toBe('Candidate number');
    expect(ws['B1'].v).toBe('Grade');
    expect(ws['A2']).toMatchObject({ t: 's', v: '0101' });
    // The committed fixture was made by this same command: same content.
    const committed = XLSX.read(fs.readFileSync(fx('sheet-letter.xlsx'))).Sheets['T1']!;
    expect(XLSX.utils.sheet_to_csv(committed)).toBe(XLSX.utils.sheet_to_csv(ws));
    const back = await cli(['--json', 'grades', 'import', 'T1', out], { db, as: 'admin' });
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout).counts).toEqual({ new: 0, changed: 0, unchanged: 0, empty: 4, errors: 0 });
    const lo = await cli(['--json', 'grades', 'import', 'T1', fx('sheet-letter-resaved-libreoffice.xlsx')], { db, as: 'admin' });
    expect(lo.code).toBe(0);
    expect(JSON.parse(lo.stdout).counts.empty).toBe(4);
  });

  it.each([['sheet-letter-openpyxl.xlsx'], ['sheet-letter-filled-libreoffice.xlsx']])(
    'imports the sheet filled in by another program (%s): the grades are there, 0101 kept as text',
    async (f) => {
      const db = roundTripDb('letter');
      const r = await cli(['--json', 'grades', 'import', 'T1', fx(f)], { db, as: 'admin' });
      expect(r.code, r.stderr).toBe(0);
      expect(Object.fromEntries(Object.entries(gradesOf(db)).map(([k, v]) => [k, v.grade]))).toEqual({ '0101': 'A', '0102': 'B', '104': 'E' });
    },
  );

  it.each([['sheet-points-openpyxl.xlsx'], ['sheet-points-filled-libreoffice.xlsx']])('round trip on a points test (%s)', async (f) => {
    const db = roundTripDb('points');
    const r = await cli(['grades', 'import', 'P1', fx(f)], { db, as: 'admin' });
    expect(r.code, r.stderr).toBe(0);
    const g = gradesOf(db, 'P1');
    expect(g['0101']).toMatchObject({ points: 88.5, grade: 'B' });
    expect(g['0102']).toMatchObject({ points: 77, grade: 'B' });
    expect(g['104']).toMatchObject({ points: 40.9, grade: 'F' });
  });

  it('a grader gets its own committee only; sheets leave out candidates who take no grade', async () => {
    const db = seed({
      committees: { K1: ['g1'], K2: ['g2'] },
      candidates: [{ number: '1', committee: 'K1' }, { number: '2', committee: 'K2' }, { number: '3', committee: 'K1', status: 'absent' }],
    });
    const out = path.join(tmpDir(), 'g1.xlsx');
    const r = await cli(['--json', 'grades', 'sheet', 'T1', '--output', out], { db, as: 'g1' });
    expect(JSON.parse(r.stdout)).toMatchObject({ candidates: 1 });
    expect((await cli(['grades', 'sheet', 'T1', '--committee', 'K2', '--output', out], { db, as: 'g1' })).code).toBe(3);
    expect((await cli(['grades', 'sheet', 'T1', '--committee', 'K2', '--output', out], { db, as: 'admin' })).code).toBe(0);
    expect((await cli(['grades', 'sheet', 'T1'], { db, as: 'admin' })).code).toBe(2);
  });
});

describe('export then import', () => {
  it('an exported CSV imports back unchanged, neutralised candidate numbers included', async () => {
    const db = seed({ candidates: ['101', '-102', '103'] });
    await cli(['grades', 'set', 'T1', '101', 'B', '--points', '80,5'], { db, as: 'admin' });
    await cli(['grades', 'set', 'T1', '-102', 'C'], { db, as: 'admin' });
    const out = path.join(tmpDir(), 'export.csv');
    expect((await cli(['grades', 'export', 'T1', '--output', out], { db, as: 'admin' })).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain("'-102");
    const r = await cli(['--json', 'grades', 'import', 'T1', out], { db, as: 'admin' });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).counts).toEqual({ new: 0, changed: 0, unchanged: 2, empty: 1, errors: 0 });
  });

  it('writes CSV for Excel set up for Norwegian on request (";" and a byte-order mark), which imports back unchanged', async () => {
    const db = seed({ candidates: ['101', '102'], committees: { 'Kø': ['g1'] } });
    await cli(['grades', 'set', 'T1', '101', 'B', '--points', '80,5'], { db, as: 'admin' });
    const out = path.join(tmpDir(), 'excel.csv');
    expect((await cli(['grades', 'export', 'T1', '--output', out, '--delimiter', ';', '--bom'], { db, as: 'admin' })).code).toBe(0);
    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1).split('\n')[0]).toBe('Candidate number;Student;Committee;Grade;Points;Status;Confirmed');
    const r = await cli(['--json', 'grades', 'import', 'T1', out], { db, as: 'admin' });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).counts).toMatchObject({ changed: 0, unchanged: 1 });
    expect((await cli(['grades', 'export', 'T1', '--delimiter', 'ab'], { db, as: 'admin' })).code).toBe(2);
  });
});

describe('grades export is logged only once the grades have left', () => {
  it('an export to a folder that does not exist fails and leaves no grades.export event; one that works leaves one', async () => {
    const db = exportDb();
    const missing = path.join(tmpDir(), 'no-such-folder', 'grades.csv');
    const r = await cli(['grades', 'export', 'T1', '--output', missing], { db, as: 'admin' });
    expect(r.code).not.toBe(0);
    expect(fs.existsSync(missing)).toBe(false);
    expect(sql(db, "SELECT count(*) AS n FROM events WHERE kind = 'grades.export'")).toEqual([{ n: 0 }]);
    const ok = path.join(tmpDir(), 'grades.csv');
    expect((await cli(['grades', 'export', 'T1', '--output', ok], { db, as: 'admin' })).code).toBe(0);
    expect((await cli(['grades', 'export', 'T1'], { db, as: 'admin' })).code).toBe(0);
    expect(sql(db, "SELECT subject FROM events WHERE kind = 'grades.export' ORDER BY id")).toEqual([{ subject: ok }, { subject: 'stdout' }]);
  });
});
