import { describe, expect, it } from 'vitest';
import { findUser } from '../../src/domain/people/users.js';
import { cli, freshDbPath, openDb } from '../helpers.js';
import { addCandidates, addExam, addUser, contributor, gradeRow, setGrade } from '../domain/workflow-world.js';

function portfolio() {
  const file = freshDbPath();
  const db = openDb(file);
  const admin = findUser(db, 'admin')!;
  const agg = addExam(db, { code: 'AGG', scale: 'points', registration: true });
  const p1 = addExam(db, { code: 'P1', scale: 'points', partOf: 'AGG', ungradedPart: true });
  const p2 = addExam(db, { code: 'P2', scale: 'points', partOf: 'AGG', ungradedPart: true });
  const ola = addUser(db, 'ola', [], 'student');
  const kari = addUser(db, 'kari', [], 'student');
  // Ola has different candidate numbers per test: matched by student user.
  addCandidates(db, agg, ['1'], { student: ola });
  addCandidates(db, p1, ['11'], { student: ola });
  addCandidates(db, p2, ['21'], { student: ola });
  // Candidate 2 has no student user: matched by number; misses P2's points.
  addCandidates(db, agg, ['2']);
  addCandidates(db, p1, ['2']);
  addCandidates(db, p2, ['2']);
  addCandidates(db, agg, ['3'], { student: kari, status: 'absent' });
  setGrade(db, admin, p1, '11', 60);
  setGrade(db, admin, p2, '21', 100);
  setGrade(db, admin, p1, '2', 70);
  return { file, db, agg, p1, p2 };
}

describe('grades aggregate', () => {
  it('60 and 100 at 0.5/0.5 give 80 points, a B; a candidate missing a part is listed; one undoable batch', async () => {
    const { file, db, agg } = portfolio();
    const dry = await cli(['--json', 'grades', 'aggregate', 'AGG', '--weights', 'P1=0.5,P2=0.5', '--dry-run'], { db: file, as: 'admin' });
    expect(dry.code).toBe(0);
    const d = JSON.parse(dry.stdout);
    expect(d).toMatchObject({ test: 'AGG', batch: null, dryRun: true, counts: { new: 1, missing: 1, noGradeAllowed: 1 } });
    expect(d.rows[0]).toMatchObject({ candidate: '1', student: 'ola', parts: { P1: 60, P2: 100 }, points: 80, grade: 'B', change: 'new' });
    expect(d.rows[1]).toMatchObject({ candidate: '2', change: 'missing', missing: ['P2: no points'], grade: null });
    expect(d.rows[2]).toMatchObject({ candidate: '3', change: 'no grade allowed' });
    expect(gradeRow(db, agg, '1')).toBeUndefined();

    const r = await cli(['grades', 'aggregate', 'AGG', '--weights', 'P1=0.5,P2=0.5'], { db: file, as: 'admin' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1\s+ola\s+60\s+100\s+80\s+B\s+new/);
    expect(r.stdout).toContain('P2: no points');
    expect(r.stderr).toContain('1 candidate(s) miss a part');
    expect(gradeRow(db, agg, '1')).toMatchObject({ grade: 'B', points: 80, source: 'aggregate', confirmed: 0 });
    const batch = db.prepare(`SELECT id, kind, counts FROM batches WHERE exam_id = ?`).get(agg.id) as { id: number; kind: string; counts: string };
    expect(batch.kind).toBe('aggregate');
    const changes = db.prepare('SELECT old, new FROM batch_changes WHERE batch_id = ?').all(batch.id) as { old: string | null; new: string }[];
    expect(changes).toEqual([{ old: null, new: JSON.stringify({ grade: 'B', points: 80, derived: true }) }]);
    const ev = db.prepare(`SELECT count(*) AS n FROM events WHERE kind = 'grades.aggregate'`).get() as { n: number };
    expect(ev.n).toBe(1);

    // One batch: grades undo takes the aggregate back off.
    const undo = await cli(['grades', 'undo', String(batch.id)], { db: file, as: 'admin' });
    expect(undo.stderr).toBe('');
    expect(undo.code).toBe(0);
    expect(gradeRow(db, agg, '1')).toBeUndefined();
    expect((await cli(['grades', 'aggregate', 'AGG', '--weights', 'P1=0.5,P2=0.5'], { db: file, as: 'admin' })).code).toBe(0);

    // --weights may be repeated, one part each: the same weights, so nothing changes.
    const repeated = await cli(['--json', 'grades', 'aggregate', '--weights', 'P1=0.5', 'AGG', '--weights', 'P2=0.5'], { db: file, as: 'admin' });
    expect(repeated.stderr).toBe('');
    expect(JSON.parse(repeated.stdout)).toMatchObject({ batch: null, weights: { P1: 0.5, P2: 0.5 }, counts: { unchanged: 1 } });

    // Running it again changes nothing and makes no batch.
    const again = await cli(['--json', 'grades', 'aggregate', 'AGG', '--weights', 'P1=0.5,P2=0.5'], { db: file, as: 'admin' });
    expect(JSON.parse(again.stdout)).toMatchObject({ batch: null, counts: { new: 0, unchanged: 1 } });
  });

  it('refuses weights that do not sum to 1, unknown or non-part tests and parts left out, all at once (exit 2)', async () => {
    const { file, db, agg } = portfolio();
    addExam(db, { code: 'OTHER', scale: 'points' });
    const r = await cli(['grades', 'aggregate', 'AGG', '--weights', 'P1=0.5,OTHER=0.2,NOPE=0.1'], { db: file, as: 'admin' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('test OTHER is not a part of AGG');
    expect(r.stderr).toContain('"NOPE": no test with this code');
    expect(r.stderr).toContain('part test P2 has no weight');
    expect(r.stderr).toContain('weights sum to 0.8, not 1');
    const sum = await cli(['grades', 'aggregate', 'AGG', '--weights', 'P1=0.5,P2=0.6'], { db: file, as: 'admin' });
    expect(sum.code).toBe(2);
    expect(sum.stderr).toContain('weights sum to 1.1, not 1');
    // 0.1 + 0.2 + 0.7 is not exactly 1 in binary floating point, but within tolerance.
    const p3 = addExam(db, { code: 'P3', scale: 'points', partOf: 'AGG' });
    void p3;
    const ok = await cli(['grades', 'aggregate', 'AGG', '--weights', 'P1=0.1,P2=0.2,P3=0.7', '--dry-run'], { db: file, as: 'admin' });
    expect(ok.code).toBe(0);
    const bad = await cli(['grades', 'aggregate', 'AGG', '--weights', 'P1=half'], { db: file, as: 'admin' });
    expect(bad.code).toBe(2);
    expect(gradeRow(db, agg, '1')).toBeUndefined();
  });

  it('parts must be on the points scale; planners only', async () => {
    const { file, db, agg } = portfolio();
    addExam(db, { code: 'PL', scale: 'letter', partOf: 'AGG' });
    const r = await cli(['grades', 'aggregate', 'AGG', '--weights', 'P1=0.5,P2=0.25,PL=0.25'], { db: file, as: 'admin' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('part test PL uses the letter scale; aggregation needs points');
    const g = addUser(db, 'grader1', ['grader']);
    contributor(db, agg, g, 'grader');
    const g1 = await cli(['grades', 'aggregate', 'AGG', '--weights', 'P1=0.5,P2=0.5'], { db: file, as: 'grader1' });
    expect(g1.code).toBe(3);
  });

  it('a letter aggregate takes the letter from its thresholds; a confirmed grade that would change is refused (5)', async () => {
    const { file, db, agg } = portfolio();
    db.prepare(`UPDATE exams SET scale = 'letter' WHERE id = ?`).run(agg.id);
    const r = await cli(['--json', 'grades', 'aggregate', 'AGG', '--weights', 'P1=0.25,P2=0.75'], { db: file, as: 'admin' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows[0]).toMatchObject({ points: 90, grade: 'A' });
    db.prepare(`UPDATE grades SET confirmed = 1`).run();
    const c = await cli(['grades', 'aggregate', 'AGG', '--weights', 'P1=0.5,P2=0.5'], { db: file, as: 'admin' });
    expect(c.code).toBe(5);
    expect(c.stderr).toContain('candidate 1: confirmed A, would become B (80)');
    db.prepare(`UPDATE exams SET scale = 'passfail' WHERE id = ?`).run(agg.id);
    const pf = await cli(['grades', 'aggregate', 'AGG', '--weights', 'P1=0.5,P2=0.5'], { db: file, as: 'admin' });
    expect(pf.code).toBe(5);
  });

  it('a confirmed grade with the same grade and points, entered by hand, is unchanged, not refused', async () => {
    const { file, db, agg } = portfolio();
    db.prepare(`UPDATE exams SET scale = 'letter' WHERE id = ?`).run(agg.id);
    const set = await cli(['grades', 'set', 'AGG', '1', 'B', '--points', '80'], { db: file, as: 'admin' });
    expect(set.code).toBe(0);
    const derived = db.prepare(`SELECT g.derived FROM grades g JOIN candidates c ON c.id = g.candidate_id WHERE c.exam_id = ? AND c.number = '1'`);
    expect(derived.get(agg.id)).toEqual({ derived: 0 });
    db.prepare(`UPDATE grades SET confirmed = 1`).run();
    const r = await cli(['--json', 'grades', 'aggregate', 'AGG', '--weights', 'P1=0.5,P2=0.5'], { db: file, as: 'admin' });
    expect(r.stderr).not.toContain('would change');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ batch: null, counts: { new: 0, changed: 0, unchanged: 1 } });
    expect(gradeRow(db, agg, '1')).toMatchObject({ grade: 'B', points: 80, confirmed: 1 });
  });
});
