import { describe, expect, it } from 'vitest';
import { requireCandidate } from '../../src/domain/candidates/candidates.js';
import { writeTarget } from '../../src/domain/grading/grading-rights.js';
import { freshDbPath, openDb } from '../helpers.js';
import { addCandidates, addCommittee, addExam, addUser, contributor } from './workflow-world.js';
import { seedRoles } from '../seed.js';

/** A private-marking test where admin (a planner everywhere) also grades committee K1 (101); 102 is in none. */
function plannerWhoGrades() {
    const db = openDb(freshDbPath());
    const admin = seedRoles(db, 'admin', ['grader']);
    const other = addUser(db, 'gro', ['grader']);
    const exam = addExam(db, { code: 'P', marking: 'private' });
    addCandidates(db, exam, ['101'], { committee: addCommittee(db, exam, 'K1', [admin, other]) });
    addCandidates(db, exam, ['102']);
  return { db, admin, exam };
}

describe('writeTarget: where a grade lands', () => {
  it('a planner writes the grade of record; a grader its own mark in private marking, the grade of record in shared', () => {
    const db = openDb(freshDbPath());
    const planner = addUser(db, 'per', ['planner']);
    const g1 = addUser(db, 'gro', ['grader']);
    const priv = addExam(db, { code: 'P', marking: 'private' });
    const shared = addExam(db, { code: 'S', marking: 'shared' });
    contributor(db, priv, planner, 'planner');
    for (const exam of [priv, shared]) addCandidates(db, exam, ['101'], { committee: addCommittee(db, exam, 'K1', [g1]) });
    const c = (code: string) => requireCandidate(db, { id: code === 'P' ? priv.id : shared.id, code }, '101');
    expect(writeTarget(db, planner, priv, c('P'))).toEqual({ kind: 'shared' });
    expect(writeTarget(db, g1, priv, c('P'))).toEqual({ kind: 'mark', graderId: g1.id });
    expect(writeTarget(db, g1, priv, c('P'), { final: true })).toEqual({ kind: 'shared' });
    expect(writeTarget(db, g1, shared, c('S'))).toEqual({ kind: 'shared' });
  });

  it('a planner who also grades the committee marks privately, so alignment does not wait for it forever', () => {
    const { db, admin, exam } = plannerWhoGrades();
    expect(writeTarget(db, admin, exam, requireCandidate(db, exam, '101'))).toEqual({ kind: 'mark', graderId: admin.id });
    // Outside its committee the planner still writes the grade of record.
    expect(writeTarget(db, admin, exam, requireCandidate(db, exam, '102'))).toEqual({ kind: 'shared' });
  });

  it('a grader is refused candidates of another committee or of none, naming why', () => {
    const db = openDb(freshDbPath());
    const g1 = addUser(db, 'gro', ['grader']);
    const g2 = addUser(db, 'geir', ['grader']);
    const exam = addExam(db, { code: 'P', marking: 'private' });
    addCommittee(db, exam, 'K1', [g1]);
    addCandidates(db, exam, ['201'], { committee: addCommittee(db, exam, 'K2', [g2]) });
    addCandidates(db, exam, ['301']);
    expect(() => writeTarget(db, g1, exam, requireCandidate(db, exam, '201'))).toThrow(/committee K2/);
    expect(() => writeTarget(db, g1, exam, requireCandidate(db, exam, '301'))).toThrow(/in no committee/);
  });
});

describe('grades import: the same targets as grades set', () => {
  it('a planner who also grades a committee in private marking imports its own marks there, and the grade of record elsewhere', async () => {
    const { importGrades } = await import('../../src/domain/imports/grade-import.js');
    const { db, admin, exam } = plannerWhoGrades();
    const { tableOf } = await import('../../src/formats/tabular.js');
    const table = tableOf('g.csv', [['candidate number', 'grade'], ['101', 'B'], ['102', 'C']]);
    importGrades(db, admin, exam, table, { now: new Date() });
    const c101 = requireCandidate(db, exam, '101');
    const c102 = requireCandidate(db, exam, '102');
    expect(db.prepare('SELECT grade FROM marks WHERE candidate_id = ? AND grader_id = ?').get(c101.id, admin.id)).toEqual({ grade: 'B' });
    expect(db.prepare('SELECT count(*) AS n FROM grades WHERE candidate_id = ?').get(c101.id)).toEqual({ n: 0 });
    expect(db.prepare('SELECT grade FROM grades WHERE candidate_id = ?').get(c102.id)).toEqual({ grade: 'C' });
  });
});
