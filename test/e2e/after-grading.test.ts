import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli, tmpDir, type CliResult, emptyDb, contentHash } from '../helpers.js';

/**
 * The cycle after grading through the built binary (build first; `npm test` does), one database
 * and the clock fixed by EXAMCTL_NOW: grade and confirm, a test transfer that changes nothing, a
 * transfer that publishes, an explanation, an appeal graded blind by an appeal committee, its
 * further assessment, and the correction in the next transfer. The blocks run in order.
 */
const dir = tmpDir();
const db = emptyDb(dir, 'office.db');
let now = '2026-05-07T12:00:00Z';

async function ex(as: string, args: string[], code = 0): Promise<CliResult> {
  const r = await spawnCli(args, { env: { EXAMCTL_DB: db, EXAMCTL_USER: as, EXAMCTL_NOW: now } });
  expect(r.code, `examctl ${args.join(' ')} (as ${as}, at ${now})\n${r.stderr}${r.stdout}`).toBe(code);
  return r;
}
async function js<T = any>(as: string, args: string[], code = 0): Promise<T> {
  return JSON.parse((await ex(as, ['--json', ...args], code)).stdout) as T;
}
const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** What only the original round and the appellant know; none of it can turn up by chance. */
const ORIGINAL_POINTS = '63.17';
const REASON = 'Zebrakryss-4471: oppgave sju ble rettet feil';
const EXPLANATION = 'Kvasirprove-9038: beviset i oppgave to manglet';

/** Every string and number in a JSON document, keys aside. */
function valuesOf(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.flatMap(valuesOf);
  if (typeof v === 'object') return Object.values(v as object).flatMap(valuesOf);
  return [String(v)];
}

describe.sequential('after grading: transfer, explanation and a blind appeal (spawned)', () => {
  it('the office sets up a test and its graders grade', async () => {
    expect((await spawnCli(['--db', db, 'init', '--admin', 'admin', '--name', 'Ada Admin'])).code).toBe(0);
    for (const [u, kind] of [['olav', 'employee'], ['ingrid', 'employee'], ['kari', 'employee'], ['nils', 'employee'], ['erik', 'external'], ['ext2', 'external'], ['s1', 'student'], ['s2', 'student'], ['s3', 'student']]) {
      await ex('admin', ['users', 'add', u!, '--name', `N ${u}`, '--kind', kind!]);
    }
    await ex('admin', ['roles', 'grant', 'olav', '--role', 'planner']);
    await ex('admin', ['roles', 'grant', 'ingrid', 'kari', 'nils', 'erik', 'ext2', '--role', 'grader']);
    await ex('olav', ['tests', 'create', 'T1', '--course', 'TDT4100', '--year', '2026', '--term', 'spring', '--title', 'OOP', '--start', '2026-05-07T09:00']);
    await ex('olav', ['candidates', 'add', 'T1', '101', '--student', 's1']);
    await ex('olav', ['candidates', 'add', 'T1', '102', '--student', 's2']);
    await ex('olav', ['candidates', 'add', 'T1', '103']);
    await ex('olav', ['candidates', 'add', 'T1', '104', '--status', 'absent']);
    await ex('olav', ['candidates', 'add', 'T1', '105', '--status', 'withdrawn']);
    await ex('olav', ['candidates', 'add', 'T1', '106', '--student', 's3']);
    await ex('olav', ['committees', 'create', 'T1', 'K1']);
    await ex('olav', ['committees', 'create', 'T1', 'K2']);
    await ex('olav', ['committees', 'add-grader', 'T1', 'K1', 'ingrid', 'kari']);
    await ex('olav', ['committees', 'add-grader', 'T1', 'K2', 'nils']);
    await ex('olav', ['committees', 'assign', 'T1', 'K1', '101', '102', '103', '104', '105']);
    await ex('olav', ['committees', 'assign', 'T1', 'K2', '106']);
    await ex('ingrid', ['grades', 'set', 'T1', '101', 'C', '--points', ORIGINAL_POINTS]);
    await ex('ingrid', ['grades', 'set', 'T1', '102', 'B']);
    await ex('kari', ['grades', 'set', 'T1', '103', 'D']);
    await ex('nils', ['grades', 'set', 'T1', '106', 'E']);
    await ex('ingrid', ['grades', 'confirm', 'T1']);
  });

  it('a test transfer names every candidate held back and leaves the database file as it was', async () => {
    now = '2026-05-29T12:00:00Z';
    const before = contentHash(db);
    const dry = await js('olav', ['grades', 'transfer', 'T1', '--dry-run', '--format', 'json']);
    expect(dry).toEqual({
      transfer: null,
      dryRun: true,
      rows: [
        { candidate: '101', student: 's1', grade: 'C', points: null, confirmed: '2026-05-07', correction: false },
        { candidate: '102', student: 's2', grade: 'B', points: null, confirmed: '2026-05-07', correction: false },
      ],
      held: [
        { candidate: '103', reason: expect.stringContaining('no student linked') },
        { candidate: '104', reason: expect.stringContaining('absent') },
        { candidate: '105', reason: expect.stringContaining('withdrawn') },
        { candidate: '106', reason: expect.stringContaining('not confirmed') },
      ],
    });
    const human = await ex('olav', ['grades', 'transfer', 'T1', '--dry-run']);
    for (const n of ['103', '104', '105', '106']) expect(human.stderr + human.stdout).toContain(`candidate ${n}:`);
    expect(contentHash(db)).toBe(before);
    await ex('olav', ['grades', 'transfers', 'T1']);
    expect(await js('olav', ['grades', 'transfers', 'T1'])).toEqual([]);
  });

  it('a transfer writes its file, is recorded with the file\'s SHA-256, publishes, and sends nothing twice', async () => {
    const out = path.join(dir, 'transfer-1.csv');
    await ex('olav', ['grades', 'transfer', 'T1', '--output', out, '--published', '2026-05-29']);
    const lines = fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toEqual([
      'course,year,term,variant,candidate,student,grade,points,confirmed,correction',
      'TDT4100,2026,spring,,101,s1,C,,2026-05-07,no',
      'TDT4100,2026,spring,,102,s2,B,,2026-05-07,no',
    ]);
    const transfers = await js<{ sha256: string; published: string; rows: number }[]>('olav', ['grades', 'transfers', 'T1']);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({ published: '2026-05-29', rows: 2 });
    expect(transfers[0]!.sha256).toBe(sha256(out));

    const again = await js('olav', ['grades', 'transfer', 'T1', '--format', 'json']);
    expect(again).toMatchObject({ transfer: null, dryRun: false, rows: [] });
    expect(await js('olav', ['grades', 'transfers', 'T1'])).toHaveLength(1);

    const reopen = await ex('olav', ['grades', 'reopen', 'T1', '--candidate', '101', '--yes'], 5);
    expect(reopen.stderr).toContain('published');
  });

  it('the student asks for an explanation, a grader gives it, the student appeals', async () => {
    now = '2026-06-02T12:00:00Z';
    await ex('s1', ['explanations', 'request', 'T1', '101']);
    now = '2026-06-08T12:00:00Z';
    await ex('ingrid', ['explanations', 'give', 'T1', '101', '--text', EXPLANATION]);
    now = '2026-06-20T12:00:00Z';
    const filed = await js('s1', ['appeals', 'file', 'T1', '101', '--reason', REASON]);
    expect(filed).toMatchObject({ candidate: '101', state: 'requested', received: '2026-06-20' });
    const planner = await js<any[]>('olav', ['appeals', 'list', 'T1']);
    expect(planner).toEqual([
      expect.objectContaining({ candidate: '101', state: 'requested', received: '2026-06-20', deadline: '2026-07-13', committee: null, original: 'C', grade: null }),
    ]);
  });

  it('an appeal committee grades blind: nothing it can reach holds the original grade, the reason or the explanation', async () => {
    await ex('olav', ['committees', 'create', 'T1', 'A1', '--appeal']);
    await ex('olav', ['committees', 'add-grader', 'T1', 'A1', 'erik', 'ext2']);
    await ex('olav', ['committees', 'assign', 'T1', 'A1', '101']);

    // The original round as the planner sees it: the secrets are there to be kept from the appeal graders.
    const full = await Promise.all([['grades', 'list', 'T1'], ['appeals', 'list', 'T1'], ['explanations', 'list', 'T1'], ['log', '--test', 'T1']].map((a) => ex('olav', ['--json', ...a])));
    const fullText = full.map((r) => r.stdout).join('\n');
    for (const secret of [ORIGINAL_POINTS, REASON, EXPLANATION]) expect(fullText).toContain(secret);

    /** Everything the appeal grader erik can reach, read side by side; none of it holds a secret. */
    const blind = async () => {
      const listings = [['grades', 'list', 'T1'], ['appeals', 'list', 'T1'], ['explanations', 'list', 'T1'], ['candidates', 'list', 'T1']];
      const others = [['log'], ['log', '--test', 'T1'], ['log', '--test', 'T1', '--kind', 'appeals'], ['report', 'T1'], ['--json', 'report', 'T1']];
      const [json, human, rest] = await Promise.all([
        Promise.all(listings.map((a) => ex('erik', ['--json', ...a]))),
        Promise.all(listings.map((a) => ex('erik', a))),
        Promise.all(others.map((a) => spawnCli(a, { env: { EXAMCTL_DB: db, EXAMCTL_USER: 'erik', EXAMCTL_NOW: now } }))),
      ]);
      // No value the appeal grader reads is the original grade.
      json.forEach((r, i) => expect(valuesOf(JSON.parse(r.stdout)), listings[i]!.join(' ')).not.toContain('C'));
      // The log and the report are refused, or say nothing of the original round.
      rest.forEach((r, i) => expect([0, 3], `${others[i]!.join(' ')}: ${r.stderr}`).toContain(r.code));
      const all = [...json, ...human, ...rest].map((r) => r.stdout + r.stderr).join('\n');
      for (const secret of [ORIGINAL_POINTS, REASON, EXPLANATION, 'Zebrakryss', 'Kvasirprove']) expect(all).not.toContain(secret);
    };

    const list = await js<any[]>('erik', ['appeals', 'list', 'T1']);
    expect(list).toEqual([expect.objectContaining({ candidate: '101', state: 'in grading', committee: 'A1', original: null, grade: null })]);
    const grades = await js<any[]>('erik', ['grades', 'list', 'T1']);
    expect(grades).toEqual([expect.objectContaining({ candidate: '101', grade: null, points: null, confirmed: false, marks: [] })]);
    await blind();

    // C to A is two steps: it waits for a planner's further assessment.
    await ex('erik', ['grades', 'set', 'T1', '101', 'A']);
    const waits = await ex('erik', ['grades', 'confirm', 'T1'], 5);
    expect(waits.stderr).toContain('further assessment');
    expect(waits.stderr).toContain('101');
    expect((await js<any[]>('olav', ['appeals', 'list', 'T1']))[0]).toMatchObject({ state: 'further assessment', original: 'C', grade: 'A' });
    await blind();

    await ex('olav', ['appeals', 'settle', 'T1', '101', 'A', '--reason', 'the course board agrees']);
    await ex('erik', ['grades', 'confirm', 'T1']);
    expect((await js<any[]>('olav', ['appeals', 'list', 'T1']))[0]).toMatchObject({ candidate: '101', state: 'decided', original: 'C', grade: 'A' });
    await blind();
  });

  it('the next transfer carries the appeal grade as a correction', async () => {
    now = '2026-07-01T12:00:00Z';
    const t = await js('olav', ['grades', 'transfer', 'T1', '--format', 'json']);
    expect(t).toMatchObject({
      transfer: 2,
      dryRun: false,
      rows: [{ candidate: '101', student: 's1', grade: 'A', points: null, confirmed: '2026-06-20', correction: true }],
    });
    expect(t.held.map((h: { candidate: string }) => h.candidate)).toEqual(['103', '104', '105', '106']);
    const appeals = await js<any[]>('olav', ['appeals', 'list', 'T1']);
    expect(appeals).toHaveLength(1);
    expect(appeals[0]).toMatchObject({ candidate: '101', state: 'transferred', received: '2026-06-20', deadline: '2026-07-13', committee: 'A1', original: 'C', grade: 'A' });
    expect(Object.keys(appeals[0])).toEqual(expect.arrayContaining(['candidate', 'state', 'received', 'deadline', 'committee', 'original', 'grade']));
    const transfers = await js<{ rows: number; corrections: number }[]>('olav', ['grades', 'transfers', 'T1']);
    expect(transfers.map((x) => [x.rows, x.corrections])).toEqual([[2, 0], [1, 1]]);
    expect((await js('olav', ['grades', 'transfer', 'T1', '--format', 'json'])).rows).toEqual([]);
  });
});
