import { describe, expect, it } from 'vitest';
import { cli, freshDbPath, openDb, writeTemp } from '../helpers.js';
import { addCandidates, addCommittee, addExam, addUser, gradeRow } from '../domain/workflow-world.js';

/**
 * Attempts to make examctl lose, corrupt or silently change a grade through its commands, each
 * defect found kept as a case here.
 */

const ok = async (args: string[], db: string, as: string) => {
  const r = await cli(args, { db, as });
  expect(r.code, `${args.join(' ')} as ${as}: ${r.stderr}`).toBe(0);
  return r;
};

describe('grades undo after the thresholds changed', () => {
  // The grade before the import was 70 points (C with B=77); the thresholds then make 70 a B.
  it.each([
    { who: 'a planner (grade of record)', as: 'admin', marking: 'shared' as const },
    { who: 'a grader (its private mark)', as: 'g1', marking: 'private' as const },
  ])('restores the old points with the letter the thresholds give now: $who', async ({ as, marking }) => {
    const file = freshDbPath();
    const db = openDb(file);
    const exam = addExam(db, { code: 'P', scale: 'points', marking });
    const g1 = addUser(db, 'g1', ['grader']);
    const k = addCommittee(db, exam, 'K1', [g1]);
    addCandidates(db, exam, ['101', '102'], { committee: k });
    await ok(['grades', 'set', 'P', '101', '70'], file, as);
    await ok(['grades', 'set', 'P', '102', '88'], file, as);
    const imp = await ok(['--json', 'grades', 'import', 'P', writeTemp('g.csv', 'candidate,points\n101,90\n102,60\n')], file, as);
    // 70 becomes a B; 60 (what the batch wrote for 102) stays a D: the batch's own write is untouched.
    await ok(['tests', 'thresholds', 'P', '--set', 'B=70'], file, 'admin');
    await ok(['grades', 'undo', String(JSON.parse(imp.stdout).batch)], file, as);
    const read = (n: string) =>
      db
        .prepare(
          `SELECT grade, points FROM ${marking === 'shared' ? 'grades' : 'marks'} x JOIN candidates c ON c.id = x.candidate_id WHERE c.exam_id = ? AND c.number = ?`,
        )
        .get(exam.id, n);
    expect(read('101')).toEqual({ grade: 'B', points: 70 });
    expect(read('102')).toEqual({ grade: 'B', points: 88 });
  });

  it('undoes a batch whose letters only the thresholds changed since', async () => {
    const file = freshDbPath();
    const db = openDb(file);
    const exam = addExam(db, { code: 'P', scale: 'points' });
    addCandidates(db, exam, ['101']);
    const imp = await ok(['--json', 'grades', 'import', 'P', writeTemp('g.csv', 'candidate,points\n101,88\n')], file, 'admin');
    await ok(['tests', 'thresholds', 'P', '--set', 'A=85'], file, 'admin');
    expect(gradeRow(db, exam, '101')).toMatchObject({ grade: 'A', points: 88 });
    await ok(['grades', 'undo', String(JSON.parse(imp.stdout).batch)], file, 'admin');
    expect(gradeRow(db, exam, '101')).toBeUndefined();
  });
});

/** Two graders in private marking who agreed on A for candidate 101 (grade of record A, 'agreed'). */
async function agreedWorld() {
  const file = freshDbPath();
  const db = openDb(file);
  const exam = addExam(db, { code: 'T', marking: 'private', confirm: 'collective' });
  const g1 = addUser(db, 'g1', ['grader']);
  const g2 = addUser(db, 'g2', ['grader']);
  const k = addCommittee(db, exam, 'K1', [g1, g2]);
  addCandidates(db, exam, ['101'], { committee: k });
  for (const g of ['g1', 'g2']) await ok(['grades', 'set', 'T', '101', 'A'], file, g);
  for (const g of ['g1', 'g2']) await ok(['grades', 'share', 'T'], file, g);
  expect(gradeRow(db, exam, '101')).toMatchObject({ grade: 'A', source: 'agreed' });
  return { file, db, exam };
}

describe('an agreed grade of record the marks no longer make is never confirmed', () => {
  it.each([
    {
      how: 'both graders import B, share (agreed B), then both undo their imports (shared marks A again)',
      async run(file: string) {
        const csv = writeTemp('g.csv', 'candidate,grade\n101,B\n');
        const batches: number[] = [];
        for (const g of ['g1', 'g2']) batches.push(JSON.parse((await ok(['--json', 'grades', 'import', 'T', csv], file, g)).stdout).batch);
        for (const g of ['g1', 'g2']) await ok(['grades', 'share', 'T'], file, g);
        await ok(['grades', 'undo', String(batches[0])], file, 'g1');
        await ok(['grades', 'undo', String(batches[1])], file, 'g2');
        return 'B';
      },
    },
    {
      how: 'both graders clear their shared marks',
      async run(file: string) {
        for (const g of ['g1', 'g2']) await ok(['--yes', 'grades', 'clear', 'T', '101'], file, g);
        return 'A';
      },
    },
  ])('$how', async ({ run }) => {
    const { file, db, exam } = await agreedWorld();
    const stale = await run(file);
    expect(gradeRow(db, exam, '101')).toMatchObject({ grade: stale, source: 'agreed', confirmed: 0 });
    const c = await cli(['grades', 'confirm', 'T'], { db: file, as: 'g1' });
    expect(c.code).toBe(5);
    expect(c.stderr).toContain('share again');
    expect(gradeRow(db, exam, '101')!.confirmed).toBe(0);
  });

  it('a share realigns it, and then it can be confirmed', async () => {
    const { file, db, exam } = await agreedWorld();
    const csv = writeTemp('g.csv', 'candidate,grade\n101,B\n');
    const batches: number[] = [];
    for (const g of ['g1', 'g2']) batches.push(JSON.parse((await ok(['--json', 'grades', 'import', 'T', csv], file, g)).stdout).batch);
    for (const g of ['g1', 'g2']) await ok(['grades', 'share', 'T'], file, g);
    await ok(['grades', 'undo', String(batches[0])], file, 'g1');
    await ok(['grades', 'undo', String(batches[1])], file, 'g2');
    await ok(['grades', 'share', 'T'], file, 'g1');
    expect(gradeRow(db, exam, '101')).toMatchObject({ grade: 'A', source: 'agreed' });
    await ok(['grades', 'confirm', 'T'], file, 'g1');
    expect(gradeRow(db, exam, '101')).toMatchObject({ grade: 'A', confirmed: 1 });
  });
});

describe('a grade of record written over an agreement with the same value settles it', () => {
  it.each([
    { how: 'grades set --final', args: ['grades', 'set', 'T', '101', 'A', '--final'], source: 'final' },
    { how: "a planner's grades set", args: ['grades', 'set', 'T', '101', 'A'], source: 'direct' },
  ])('$how: a grader changing its mark and sharing again does not remove it', async ({ args, source }) => {
    const { file, db, exam } = await agreedWorld();
    const set = await ok(['--json', ...args], file, 'admin');
    expect(JSON.parse(set.stdout)).toMatchObject({ changed: true, new: { grade: 'A' } });
    expect(gradeRow(db, exam, '101')).toMatchObject({ grade: 'A', source });
    await ok(['grades', 'set', 'T', '101', 'C'], file, 'g1');
    await ok(['grades', 'share', 'T'], file, 'g1');
    expect(gradeRow(db, exam, '101')).toMatchObject({ grade: 'A', source });
    const ev = db.prepare(`SELECT old, new FROM events WHERE kind = 'grades.set' AND actor_id = (SELECT id FROM users WHERE username = 'admin')`).get() as {
      old: string;
      new: string;
    };
    expect(JSON.parse(ev.old)).toMatchObject({ grade: 'A' });
    expect(JSON.parse(ev.new)).toMatchObject({ grade: 'A', source });
  });
});

describe('alignment logs every grade of record it writes or removes, with old and new', () => {
  it('grades.align for the agreed grade, and again when a changed mark removes it', async () => {
    const { file, db } = await agreedWorld();
    await ok(['grades', 'set', 'T', '101', 'C'], file, 'g1');
    await ok(['grades', 'share', 'T'], file, 'g1');
    const events = (db.prepare(`SELECT subject, old, new FROM events WHERE kind = 'grades.align' ORDER BY id`).all() as {
      subject: string;
      old: string | null;
      new: string | null;
    }[]).map((e) => ({ subject: e.subject, old: e.old && JSON.parse(e.old), new: e.new && JSON.parse(e.new) }));
    expect(events).toEqual([
      { subject: '101', old: null, new: { grade: 'A', points: null, source: 'agreed', committee: 'K1' } },
      { subject: '101', old: { grade: 'A', points: null, source: 'agreed' }, new: null },
    ]);
  });
});
