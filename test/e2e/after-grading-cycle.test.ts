import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDeadline } from '../../src/domain/results/deadlines.js';
import { openDb, spawnCli, tmpDir, type CliResult, emptyDb, contentHash } from '../helpers.js';

/**
 * The cycle after grading through the built binary, on a fixed clock (EXAMCTL_NOW): transfer,
 * explanation, appeal graded blind, further assessment, the correction transferred.
 */
const dir = tmpDir();
const db = emptyDb(dir, 'office.db');
let clock = '2026-06-01T10:00:00Z';
async function ex(as: string, args: string[], code = 0): Promise<CliResult> {
  const r = await spawnCli(args, { env: { EXAMCTL_DB: db, EXAMCTL_USER: as, EXAMCTL_NOW: clock } });
  expect(r.code, `examctl ${args.join(' ')} (as ${as})\n${r.stderr}${r.stdout}`).toBe(code);
  return r;
}
const js = async <T = any>(as: string, args: string[], code = 0): Promise<T> => JSON.parse((await ex(as, ['--json', ...args], code)).stdout) as T;
const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const q = <T = unknown>(sql: string, ...p: unknown[]): T[] => {
  const d = openDb(db);
  try {
    return d.prepare(sql).all(...p) as T[];
  } finally {
    d.close();
  }
};
// Marks that cannot show up by chance: the original grade is the only D; the texts are unique.
const REASON = 'zebra-reason-7731';
const EXPLANATION = 'quokka-explanation-5512';

describe('grading deadlines', () => {
  it('three weeks after the exam day, past weekends and Norwegian holidays', () => {
    expect(defaultDeadline('2026-05-07')).toBe('2026-05-28'); // Thursday to Thursday
    expect(defaultDeadline('2026-05-04')).toBe('2026-05-26'); // Monday 25 May is Whit Monday
    expect(defaultDeadline('2026-05-30')).toBe('2026-06-22'); // Saturday 20 June moves to Monday
  });
});

describe.sequential('after the grades, spawned', () => {
  it('sets up: a letter test with two committees, a planner-set deadline and an oral test', async () => {
    await ex('admin', ['init', '--admin', 'admin', '--name', 'Ada Admin']);
    for (const [u, k] of [['olav', 'employee'], ['ingrid', 'employee'], ['kari', 'employee'], ['erik', 'external'], ['sara', 'external'], ['per', 'employee'], ['rita', 'employee']]) {
      await ex('admin', ['users', 'add', u!, '--name', `N ${u}`, '--kind', k!]);
    }
    for (const s of ['s1', 's2', 's3', 's4']) await ex('admin', ['users', 'add', s, '--name', `S ${s}`, '--kind', 'student']);
    await ex('admin', ['roles', 'grant', 'olav', '--role', 'planner']);
    await ex('admin', ['roles', 'grant', 'ingrid', 'kari', 'erik', 'sara', 'per', '--role', 'grader']);
    await ex('admin', ['roles', 'grant', 'rita', '--role', 'reporter']);
    const base = ['--course', 'TDT4100', '--year', '2026', '--term', 'spring', '--title', 'OOP'];
    await ex('olav', ['tests', 'create', 'T1', ...base, '--start', '2026-05-07T09:00', '--marking', 'shared']);
    await ex('olav', ['tests', 'create', 'ORAL', ...base, '--kind', 'oral', '--start', '2026-05-07T09:00', '--marking', 'shared']);
    await ex('olav', ['tests', 'create', 'LATE', ...base, '--start', '2026-05-04T09:00']);
    await ex('olav', ['tests', 'contributors', 'add', 'T1', 'rita', '--role', 'reporter']);
    await ex('olav', ['candidates', 'add', 'T1', '101', '--student', 's1']);
    await ex('olav', ['candidates', 'add', 'T1', '102', '--student', 's2']);
    await ex('olav', ['candidates', 'add', 'T1', '103']); // no student linked
    await ex('olav', ['candidates', 'add', 'T1', '104', '--student', 's3', '--status', 'absent']);
    await ex('olav', ['candidates', 'add', 'T1', '105', '--student', 's4']);
    await ex('olav', ['candidates', 'add', 'ORAL', '201', '--student', 's1']);
    await ex('olav', ['candidates', 'add', 'LATE', '301']);
    await ex('olav', ['committees', 'create', 'T1', 'K1']);
    await ex('olav', ['committees', 'add-grader', 'T1', 'K1', 'ingrid', 'kari']);
    await ex('olav', ['committees', 'assign', 'T1', 'K1', '101', '102', '103', '104', '105']);
    // A deadline set by hand needs its reason; with one, it is logged.
    await ex('olav', ['tests', 'update', 'LATE', '--grading-deadline', '2026-06-30'], 2);
    await ex('olav', ['tests', 'update', 'LATE', '--grading-deadline', '2026-06-30', '--reason', 'thesis']);
    expect(q("SELECT old, new FROM events WHERE kind = 'tests.grading-deadline'")).toEqual([
      { old: JSON.stringify({ deadline: '2026-05-26', set: false, reason: null }), new: JSON.stringify({ deadline: '2026-06-30', set: true, reason: 'thesis' }) },
    ]);
  });

  it('deadlines --overdue lists exactly the unconfirmed committees past their date', async () => {
    const all = await js<any[]>('olav', ['deadlines']);
    expect(all.map((r) => [r.test, r.committee, r.deadline])).toEqual([
      ['ORAL', null, '2026-05-28'],
      ['T1', 'K1', '2026-05-28'],
      ['LATE', null, '2026-06-30'],
    ]);
    expect((await js<any[]>('olav', ['deadlines', '--overdue'])).map((r) => r.test)).toEqual(['ORAL', 'T1']);
    expect((await js<any[]>('olav', ['deadlines', '--within', '30'])).map((r) => r.test)).toEqual(['ORAL', 'T1', 'LATE']);
    expect((await js<any>('olav', ['report', 'T1'])).gradingDeadline).toMatchObject({ deadline: '2026-05-28', daysLeft: -4, set: false });
  });

  it('a test transfer names each candidate held back and changes nothing, byte for byte', async () => {
    await ex('ingrid', ['grades', 'set', 'T1', '101', 'D']);
    await ex('ingrid', ['grades', 'set', 'T1', '102', 'B']);
    await ex('ingrid', ['grades', 'set', 'T1', '103', 'C']);
    await ex('ingrid', ['grades', 'confirm', 'T1']).catch(() => undefined);
    await ex('olav', ['grades', 'set', 'ORAL', '201', 'B']);
    await ex('olav', ['grades', 'confirm', 'ORAL']);
    const before = contentHash(db);
    const dry = await js('olav', ['grades', 'transfer', 'T1', '--dry-run']);
    expect(contentHash(db)).toBe(before);
    expect(dry.transfer).toBeNull();
    expect(dry.dryRun).toBe(true);
    expect(dry.rows).toEqual([]);
    expect(dry.held).toEqual([
      { candidate: '101', reason: 'not confirmed' },
      { candidate: '102', reason: 'not confirmed' },
      { candidate: '103', reason: 'not confirmed' },
      { candidate: '104', reason: 'absent: takes no grade' },
      { candidate: '105', reason: 'no grade' },
    ]);
  });

  it('a transfer publishes, is recorded with its file hash, and a second one sends nothing', async () => {
    await ex('ingrid', ['grades', 'set', 'T1', '105', 'A']);
    await ex('ingrid', ['grades', 'confirm', 'T1']);
    const out = path.join(dir, 'transfer-1.csv');
    await ex('olav', ['grades', 'transfer', 'T1', '--output', out, '--published', '2026-06-01']);
    const csv = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('course,year,term,variant,candidate,student,grade,points,confirmed,correction');
    expect(csv.slice(1)).toEqual(['TDT4100,2026,spring,,101,s1,D,,2026-06-01,no', 'TDT4100,2026,spring,,102,s2,B,,2026-06-01,no', 'TDT4100,2026,spring,,105,s4,A,,2026-06-01,no']);
    const transfers = await js<any[]>('olav', ['grades', 'transfers', 'T1']);
    expect(transfers).toEqual([expect.objectContaining({ number: 1, published: '2026-06-01', rows: 3, corrections: 0, sha256: sha(out) })]);
    const again = await js('olav', ['grades', 'transfer', 'T1', '--format', 'json']);
    expect(again).toEqual({ transfer: null, dryRun: false, rows: [], held: [{ candidate: '103', reason: 'no student linked' }, { candidate: '104', reason: 'absent: takes no grade' }] });
    expect((await ex('olav', ['grades', 'reopen', 'T1', '--candidate', '101', '--yes'], 5)).stderr).toContain('published');
    await ex('olav', ['grades', 'transfer', 'ORAL', '--output', path.join(dir, 'oral.csv'), '--published', '2026-06-01']);
  });

  it('requests: late, unpublished, unknown, in the future and backdated by a student are refused', async () => {
    clock = '2026-06-09T10:00:00Z';
    expect((await ex('s2', ['explanations', 'request', 'T1', '102'], 5)).stderr).toContain('the deadline was 2026-06-08');
    await ex('olav', ['explanations', 'request', 'T1', '103'], 5); // not published
    await ex('olav', ['explanations', 'request', 'T1', '999'], 4);
    await ex('olav', ['explanations', 'request', 'T1', '101', '--received', '2026-06-10'], 2);
    await ex('s1', ['explanations', 'request', 'T1', '101', '--received', '2026-06-05'], 3);
    await ex('olav', ['explanations', 'request', 'T1', '101', '--received', '2026-06-05']);
    await ex('ingrid', ['explanations', 'give', 'T1', '101', '--text', EXPLANATION, '--given', '2026-06-11'], 2); // in the future
    clock = '2026-06-11T10:00:00Z';
    await ex('ingrid', ['explanations', 'give', 'T1', '101', '--text', EXPLANATION]);
    expect(await js('rita', ['explanations', 'list', 'T1'])).toEqual([expect.objectContaining({ candidate: '101', state: 'given', text: null })]);
    expect((await ex('olav', ['appeals', 'file', 'ORAL', '201'], 5)).stderr).toContain('oral');
    // On an oral test the request must come the day the grade was published.
    expect((await ex('olav', ['explanations', 'request', 'ORAL', '201', '--received', '2026-06-02'], 5)).stderr).toContain('the deadline was 2026-06-01');
    await ex('olav', ['explanations', 'request', 'ORAL', '201', '--received', '2026-06-01']);
  });

  it('an appeal 20 days after an explanation given 10 days after publication is accepted', async () => {
    clock = '2026-07-01T10:00:00Z';
    await ex('s1', ['appeals', 'file', 'T1', '101', '--reason', REASON]);
    expect((await ex('s1', ['appeals', 'file', 'T1', '101'], 5)).stderr).toContain('final');
    // 102 had no explanation: three weeks from publication ended 2026-06-22.
    expect((await ex('s2', ['appeals', 'file', 'T1', '102'], 5)).stderr).toContain('2026-06-22');
  });

  it('an appeal committee needs two graders, one external, none who graded the candidate', async () => {
    await ex('olav', ['committees', 'create', 'T1', 'A1', '--appeal']);
    expect((await ex('olav', ['committees', 'add-grader', 'T1', 'A1', 'ingrid'], 5)).stderr).toContain('ingrid graded candidate 101 before');
    await ex('olav', ['committees', 'add-grader', 'T1', 'A1', 'per']);
    let r = await ex('olav', ['committees', 'assign', 'T1', 'A1', '101'], 5);
    expect(r.stderr).toContain('has 1 grader');
    expect(r.stderr).toContain('no external grader');
    await ex('olav', ['committees', 'add-grader', 'T1', 'A1', 'sara']);
    r = await ex('olav', ['committees', 'assign', 'T1', 'A1', '102'], 5);
    expect(r.stderr).toContain('candidate 102 has no appeal');
    await ex('olav', ['committees', 'assign', 'T1', 'A1', '101']);
    expect((await js<any[]>('olav', ['committees', 'list', 'T1'])).map((c) => [c.committee, c.candidates])).toEqual([['A1', 1], ['K1', 5]]);
  });

  it('the appeal graders never see the original grade, the reason or the explanation', async () => {
    // With the planner role sara may read the log, which still hides what others recorded about 101.
    await ex('admin', ['roles', 'grant', 'sara', '--role', 'planner']);
    const log = await js<any[]>('sara', ['log', '--test', 'T1']);
    expect(log.filter((e) => e.subject === '101' && e.kind === 'grades.set')).toEqual([expect.objectContaining({ new: { hidden: 'appeal' } })]);
    const outputs = [
      JSON.stringify(log),
      (await ex('sara', ['--json', 'grades', 'list', 'T1'])).stdout,
      (await ex('sara', ['grades', 'list', 'T1'])).stdout,
      (await ex('sara', ['--json', 'appeals', 'list', 'T1'])).stdout,
      (await ex('sara', ['appeals', 'list', 'T1'])).stdout,
      (await ex('sara', ['--json', 'explanations', 'list', 'T1'])).stdout,
      (await ex('sara', ['--json', 'candidates', 'list', 'T1'], undefined as never).catch(() => ({ stdout: '' }))).stdout,
      (await spawnCli(['--json', 'log', '--test', 'T1'], { env: { EXAMCTL_DB: db, EXAMCTL_USER: 'sara', EXAMCTL_NOW: clock } })).stdout,
      (await spawnCli(['--json', 'report', 'T1'], { env: { EXAMCTL_DB: db, EXAMCTL_USER: 'sara', EXAMCTL_NOW: clock } })).stdout,
    ].join('\n');
    expect(outputs).not.toContain(REASON);
    expect(outputs).not.toContain(EXPLANATION);
    expect(outputs).not.toMatch(/"D"|\bD\b/);
    expect(await js('sara', ['appeals', 'list', 'T1'])).toEqual([
      expect.objectContaining({ candidate: '101', state: 'in grading', committee: 'A1', original: null, grade: null }),
    ]);
  });

  it('D → B waits for a further assessment; settled, confirmed, sent as a correction', async () => {
    await ex('sara', ['grades', 'set', 'T1', '101', 'B']);
    const r = await ex('sara', ['grades', 'confirm', 'T1', '--committee', 'A1'], 5);
    expect(r.stderr).toContain('further assessment');
    expect((await js<any[]>('olav', ['appeals', 'list', 'T1']))[0]).toMatchObject({ state: 'further assessment', original: 'D', grade: 'B' });
    await ex('olav', ['appeals', 'settle', 'T1', '101', 'B'], 2);
    await ex('olav', ['appeals', 'settle', 'T1', '101', 'B', '--reason', 'course board']);
    await ex('sara', ['grades', 'confirm', 'T1', '--committee', 'A1']);
    expect((await js<any[]>('olav', ['appeals', 'list', 'T1']))[0]).toMatchObject({ state: 'decided', original: 'D', grade: 'B' });
    const t = await js('olav', ['grades', 'transfer', 'T1', '--format', 'json']);
    expect(t.transfer).toBe(2);
    expect(t.rows).toEqual([{ candidate: '101', student: 's1', grade: 'B', points: null, confirmed: '2026-07-01', correction: true }]);
    expect((await js<any[]>('olav', ['appeals', 'list', 'T1']))[0]).toMatchObject({ state: 'transferred' });
    // The others' grades are untouched.
    expect(q("SELECT c.number, g.grade FROM grades g JOIN candidates c ON c.id = g.candidate_id JOIN exams e ON e.id = c.exam_id WHERE e.code = 'T1' ORDER BY c.number")).toEqual([
      { number: '101', grade: 'B' },
      { number: '102', grade: 'B' },
      { number: '103', grade: 'C' },
      { number: '105', grade: 'A' },
    ]);
  });

  it('an explanations sheet with bad rows is refused whole, naming every row', async () => {
    const f = path.join(dir, 'begrunnelser.csv');
    fs.writeFileSync(f, 'kandidatnummer;begrunnelse\n101;new text\n999;x\n102;y\n');
    const r = await ex('olav', ['explanations', 'import', 'T1', f], 2);
    expect(r.stderr).toContain('row 3');
    expect(r.stderr).toContain('no candidate 999');
    expect(r.stderr).toContain('row 4');
    expect(q('SELECT text FROM explanations WHERE text IS NOT NULL')).toEqual([{ text: EXPLANATION }]);
    fs.writeFileSync(f, 'kandidatnummer;begrunnelse\n101;\n');
    await ex('olav', ['explanations', 'import', 'T1', f]);
    expect(q('SELECT text FROM explanations WHERE text IS NOT NULL')).toEqual([{ text: EXPLANATION }]);
  });
});
