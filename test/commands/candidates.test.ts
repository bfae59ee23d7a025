import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, FIXTURES, freshDbPath, openDb, writeTemp } from '../helpers.js';
import { count, seedUsers } from '../domain/exams-support.js';

let db: string;
const as = (user: string) => ({ db, as: user });
const fx = (f: string) => path.join(FIXTURES, 'candidates', f);

beforeEach(async () => {
  db = freshDbPath();
  seedUsers(db, [
    ['per', { roles: ['planner'] }],
    ['gina', { roles: ['grader'] }],
    ['ola', { kind: 'student' }],
    ['kari', { kind: 'student' }],
  ]);
  await cli(['tests', 'create', 'T1', '--course', 'C', '--year', '2026', '--term', 'autumn', '--title', 'T'], as('per'));
});

async function numbers(): Promise<unknown> {
  return JSON.parse((await cli(['--json', 'candidates', 'list', 'T1'], as('per'))).stdout);
}

describe('candidates import', () => {
  it('reads Norwegian Excel CSV (BOM, semicolons, kandidatnummer/brukernavn)', async () => {
    const r = await cli(['--json', 'candidates', 'import', 'T1', fx('kandidater-nb.csv')], as('per'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ test: 'T1', added: 4, unchanged: 0, rows: 4, sheet: null });
    expect(await numbers()).toEqual([
      { candidate: '0104', student: null, status: 'registered', committee: null, group: null },
      { candidate: '101', student: 'ola', status: 'attended', committee: null, group: null },
      { candidate: '102', student: 'kari', status: 'registered', committee: null, group: null },
      { candidate: '103', student: null, status: 'registered', committee: null, group: null },
    ]);
  });

  it('reads an Excel workbook with numeric candidate cells under a title line, and LibreOffice .ods', async () => {
    expect((await cli(['candidates', 'import', 'T1', fx('candidates.xlsx')], as('per'))).code).toBe(0);
    expect((await cli(['candidates', 'import', 'T1', fx('candidates.xlsx')], as('per'))).stderr).toContain('0 added, 3 already there');
    const list = (await numbers()) as { candidate: string; status: string }[];
    expect(list.map((c) => [c.candidate, c.status])).toEqual([
      ['101', 'attended'],
      ['102', 'registered'],
      ['103', 'withdrawn'],
    ]);
    await cli(['tests', 'create', 'T2', '--course', 'C', '--year', '2026', '--term', 'autumn', '--title', 'T'], as('per'));
    const ods = await cli(['--json', 'candidates', 'import', 'T2', fx('candidates.ods')], as('per'));
    expect(ods.code).toBe(0);
    expect(JSON.parse(ods.stdout)).toMatchObject({ added: 2 });
  });

  it('a file with bad rows exits 2 naming each, and adds nothing', async () => {
    const r = await cli(['candidates', 'import', 'T1', fx('bad-rows.csv')], as('per'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('4 problems found; no candidate was added');
    expect(r.stderr).toContain('row 3, column B (student): found "nobody": no user with this username');
    expect(r.stderr).toContain('row 4, column C (status): found "asleep"');
    expect(r.stderr).toContain('row 5, column A (candidate number): found "201": candidate 201 is listed twice (also row 2)');
    expect(r.stderr).toContain('row 6, column A (candidate number): found "2 05"');
    expect(await numbers()).toEqual([]);
  });

  it('a file with no candidate-number header says what it expected', async () => {
    const f = writeTemp('x.csv', 'name,mail\nola,o@x\n');
    const r = await cli(['candidates', 'import', 'T1', f], as('per'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"candidate number"');
  });
});

describe('candidates add / status / list', () => {
  it('a number already on the test is 5 and nothing is added; status changes print with --json', async () => {
    expect((await cli(['candidates', 'add', 'T1', '101', '--student', 'ola'], as('per'))).code).toBe(0);
    const dup = await cli(['candidates', 'add', 'T1', '102', '101'], as('per'));
    expect(dup.code).toBe(5);
    expect(dup.stderr).toContain('candidate 101 already on test T1');
    expect((await cli(['candidates', 'add', 'T1', '102', '103'], as('per'))).code).toBe(0);
    const st = await cli(['--json', 'candidates', 'status', 'T1', 'absent', '102', '103'], as('per'));
    expect(JSON.parse(st.stdout)).toEqual([
      { candidate: '102', old: 'registered', new: 'absent' },
      { candidate: '103', old: 'registered', new: 'absent' },
    ]);
    const absent = JSON.parse((await cli(['--json', 'candidates', 'list', 'T1', '--status', 'absent'], as('per'))).stdout);
    expect(absent.map((c: { candidate: string }) => c.candidate)).toEqual(['102', '103']);
    expect((await cli(['candidates', 'status', 'T1', 'gone', '102'], as('per'))).code).toBe(2);
    expect((await cli(['candidates', 'status', 'T1', 'attended', '999'], as('per'))).code).toBe(4);
  });

  it('a student lists only itself; a grader not on the test is refused', async () => {
    await cli(['candidates', 'add', 'T1', '101', '--student', 'ola'], as('per'));
    await cli(['candidates', 'add', 'T1', '102', '--student', 'kari'], as('per'));
    const mine = JSON.parse((await cli(['--json', 'candidates', 'list', 'T1'], as('ola'))).stdout);
    expect(mine.map((c: { candidate: string }) => c.candidate)).toEqual(['101']);
    expect((await cli(['candidates', 'list', 'T1'], as('gina'))).code).toBe(3);
    expect((await cli(['candidates', 'add', 'T1', '103'], as('gina'))).code).toBe(3);
    const d = openDb(db);
    expect(count(d, 'SELECT count(*) AS n FROM candidates')).toBe(2);
    d.close();
  });

  it('a graded candidate cannot be made absent or withdrawn, nor a test a registration test its graded candidates cannot be on (5, nothing changed)', async () => {
    await cli(['candidates', 'add', 'T1', '101', '102'], as('per'));
    expect((await cli(['grades', 'set', 'T1', '101', 'B'], as('per'))).code).toBe(0);
    const absent = await cli(['candidates', 'status', 'T1', 'absent', '101', '102'], as('per'));
    expect(absent.code).toBe(5);
    expect(absent.stderr).toContain('cannot make candidate 101 absent on T1');
    expect(absent.stderr).toMatch(/To fix it:\n  examctl .*grades clear T1 101\n/);
    const reg = await cli(['tests', 'update', 'T1', '--registration'], as('per'));
    expect(reg.code).toBe(5);
    expect(reg.stderr).toContain('cannot make T1 a grade registration test: candidate 101');
    const list = JSON.parse((await cli(['--json', 'candidates', 'list', 'T1'], as('per'))).stdout);
    expect(list.map((c: { status: string }) => c.status)).toEqual(['registered', 'registered']);
    const show = JSON.parse((await cli(['--json', 'tests', 'show', 'T1'], as('per'))).stdout);
    expect(show.registration).toBe(false);
    // Attended is fine on a registration test; an ungraded candidate may still be made absent.
    expect((await cli(['candidates', 'status', 'T1', 'absent', '102'], as('per'))).code).toBe(0);
    expect((await cli(['candidates', 'status', 'T1', 'attended', '101'], as('per'))).code).toBe(0);
    expect((await cli(['tests', 'update', 'T1', '--registration'], as('per'))).code).toBe(0);
    expect((await cli(['candidates', 'status', 'T1', 'registered', '101'], as('per'))).code).toBe(5);
  });

  it('numbers may be comma-separated on the command line; a comma inside an imported number is an error for that cell', async () => {
    const r = await cli(['--json', 'candidates', 'add', 'T1', '101,102', '103'], as('per'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((c: { candidate: string }) => c.candidate)).toEqual(['101', '102', '103']);
    const st = await cli(['--json', 'candidates', 'status', 'T1', 'attended', '101,102'], as('per'));
    expect(JSON.parse(st.stdout).map((c: { candidate: string }) => c.candidate)).toEqual(['101', '102']);
    await cli(['committees', 'create', 'T1', 'K1'], as('per'));
    const assign = await cli(['--json', 'committees', 'assign', 'T1', 'K1', '101,103'], as('per'));
    expect(JSON.parse(assign.stdout).assigned).toEqual(['101', '103']);
    const imp = await cli(['candidates', 'import', 'T1', writeTemp('c.csv', 'kandidatnummer;status\n104,105;\n')], as('per'));
    expect(imp.code).toBe(2);
    expect(imp.stderr).toContain('row 2, column A (kandidatnummer): found "104,105": a candidate number has no commas');
  });
});
