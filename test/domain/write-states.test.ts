import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/open.js';
import { writeStates } from '../../src/domain/grading/grade-store.js';
import { freshDbPath, openDb } from '../helpers.js';
import { addCandidates, addExam, addUser, gradeRow, setGrade } from './workflow-world.js';

/**
 * writeStates row by row (a set that removes a grade goes so): a rewritten grade loses the
 * confirmations of the grade it replaces, a removed one is gone, on either engine.
 */
let db: Db | undefined;
afterEach(() => db?.close());

describe('writeStates, row by row', () => {
  it('rewrites one grade, forgetting its confirmations, and removes another', () => {
    db = openDb(freshDbPath());
    const exam = addExam(db, { code: 'T1', marking: 'shared' });
    const planner = addUser(db, 'per', ['planner']);
    db.prepare("INSERT INTO contributors (exam_id, user_id, role) VALUES (?, ?, 'planner')").run(exam.id, planner.id);
    addCandidates(db, exam, ['101', '102']);
    setGrade(db, planner, exam, '101', 'B');
    setGrade(db, planner, exam, '102', 'C');
    const id = (n: string) => (db!.prepare('SELECT id FROM candidates WHERE exam_id = ? AND number = ?').get(exam.id, n) as { id: number }).id;
    db.prepare("INSERT INTO confirmations (candidate_id, user_id, at) VALUES (?, ?, 'then')").run(id('101'), planner.id);
    writeStates(
      db,
      [
        { candidateId: id('101'), target: { kind: 'shared' }, state: { grade: 'A', points: null, derived: false } },
        { candidateId: id('102'), target: { kind: 'shared' }, state: null },
      ],
      { source: 'import', actorId: planner.id, at: '2026-06-01T00:00:00Z' },
    );
    expect(gradeRow(db, exam, '101')).toMatchObject({ grade: 'A', confirmed: 0 });
    expect(gradeRow(db, exam, '102')).toBeUndefined();
    expect(db.prepare('SELECT count(*) AS n FROM confirmations').get()).toEqual({ n: 0 });
  });

  it('writes a set naming one grade twice row by row, the later row last, and a grade and a mark of one candidate as a set', () => {
    db = openDb(freshDbPath());
    const exam = addExam(db, { code: 'T1', marking: 'shared' });
    const planner = addUser(db, 'per', ['planner']);
    addCandidates(db, exam, ['101', '102']);
    const id = (n: string) => (db!.prepare('SELECT id FROM candidates WHERE exam_id = ? AND number = ?').get(exam.id, n) as { id: number }).id;
    const meta = { source: 'import', actorId: planner.id, at: '2026-06-01T00:00:00Z' };
    const state = (grade: string) => ({ grade, points: null, derived: false });
    writeStates(
      db,
      [
        { candidateId: id('101'), target: { kind: 'shared' }, state: state('A') },
        { candidateId: id('102'), target: { kind: 'shared' }, state: state('C') },
        { candidateId: id('101'), target: { kind: 'shared' }, state: state('D') },
      ],
      meta,
    );
    expect(gradeRow(db, exam, '101')).toMatchObject({ grade: 'D' });
    expect(gradeRow(db, exam, '102')).toMatchObject({ grade: 'C' });
    writeStates(
      db,
      [
        { candidateId: id('102'), target: { kind: 'shared' }, state: state('B') },
        { candidateId: id('102'), target: { kind: 'mark', graderId: planner.id }, state: state('E') },
      ],
      meta,
    );
    expect(gradeRow(db, exam, '102')).toMatchObject({ grade: 'B' });
    expect(db.prepare('SELECT grade FROM marks WHERE candidate_id = ?').all(id('102'))).toEqual([{ grade: 'E' }]);
  });
});
