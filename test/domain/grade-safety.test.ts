import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors.js';
import { findExamById } from '../../src/domain/exams/exams.js';
import { setGroupGrade } from '../../src/domain/grading/grades.js';
import { setThresholds } from '../../src/domain/grading/thresholds.js';
import { findUser } from '../../src/domain/people/users.js';
import { freshDbPath, openDb } from '../helpers.js';
import { addCandidates, addExam, addGroup, gradeRow } from './workflow-world.js';

describe('a group grade uses the test as it stands inside the write lock', () => {
  // The command reads the test, then another process changes the thresholds before the write.
  it.each([
    { points: '80', before: 'B', after: 'C' },
    { points: '90', before: 'A', after: 'B' },
  ])('$points points: the letter of the new thresholds ($after), not of the old ($before)', ({ points, after }) => {
    const db = openDb(freshDbPath());
    const admin = findUser(db, 'admin')!;
    const stale = addExam(db, { code: 'P', scale: 'points', marking: 'shared', groups: 'predefined' });
    addCandidates(db, stale, ['101', '102']);
    addGroup(db, stale, 'G1', ['101', '102']);
    setThresholds(db, admin, stale, { A: 95, B: 85, C: 65, D: 53, E: 41 }, new Date());
    setGroupGrade(db, admin, stale, 'G1', points, { now: new Date() });
    expect(gradeRow(db, stale, '101')).toMatchObject({ grade: after, points: Number(points) });
    expect(gradeRow(db, stale, '102')).toMatchObject({ grade: after, points: Number(points) });
  });
});

describe('tests thresholds --set never puts back bounds another process set since they were read', () => {
  it.each([
    { first: { A: 95 }, second: { E: 30 } },
    { first: { B: 70 }, second: { B: 80 } },
  ])('first $first, then $second from the thresholds read before the first: refused (5), the first stands', ({ first, second }) => {
    const db = openDb(freshDbPath());
    const admin = findUser(db, 'admin')!;
    const stale = addExam(db, { code: 'P', scale: 'points', marking: 'shared' });
    setThresholds(db, admin, stale, { ...stale.thresholds, ...first }, new Date());
    expect(() => setThresholds(db, admin, stale, { ...stale.thresholds, ...second }, new Date())).toThrow(ConflictError);
    expect(findExamById(db, stale.id)!.thresholds).toEqual({ ...stale.thresholds, ...first });
  });
});
