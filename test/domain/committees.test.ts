import { tableOf } from '../../src/formats/tabular.js';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/open.js';
import { addCandidates } from '../../src/domain/candidates/candidate-admin.js';
import { addGraders, assignCandidates, createCommittee, listCommittees, numbersFromTable } from '../../src/domain/grading/committees.js';
import { addContributor, listContributors, removeContributor } from '../../src/domain/access/contributors.js';
import { createExam } from '../../src/domain/exams/create.js';
import { listEvents } from '../../src/domain/log/events.js';
import { ConflictError, NotPermittedError } from '../../src/errors.js';
import type { User } from '../../src/domain/people/users.js';
import { freshDbPath, openDb } from '../helpers.js';
import { addUser, count, errorOf } from './exams-support.js';

const now = new Date('2026-09-01T08:00:00Z');
let db: Db;
let planner: User;
beforeEach(() => {
  db = openDb(freshDbPath());
  planner = addUser(db, 'per', { roles: ['planner'] });
  addUser(db, 'gina', { roles: ['grader'] });
  addUser(db, 'geir', { roles: ['grader'] });
  addUser(db, 'auth', { roles: ['author'] });
  addUser(db, 'stud', { kind: 'student' });
  createExam(db, planner, 'T1', { course: 'C', year: 2026, term: 'autumn', title: 'T' }, now);
  addCandidates(db, planner, 'T1', ['101', '102', '103'], {}, now);
  createCommittee(db, planner, 'T1', 'K1', now);
  createCommittee(db, planner, 'T1', 'K2', now);
});

describe('committees', () => {
  it('a duplicate committee name is a conflict', () => {
    expect(errorOf(() => createCommittee(db, planner, 'T1', 'K1', now))).toBeInstanceOf(ConflictError);
  });

  it('a second assignment to another committee is 5 naming it; the same committee again is a no-op', () => {
    expect(assignCandidates(db, planner, 'T1', 'K1', ['101', '102'], now).assigned).toEqual(['101', '102']);
    const e = errorOf(() => assignCandidates(db, planner, 'T1', 'K2', ['103', '101'], now));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.message).toContain('candidate 101 is in committee K1');
    expect(count(db, 'SELECT count(*) AS n FROM candidates WHERE committee_id IS NOT NULL')).toBe(2);
    expect(assignCandidates(db, planner, 'T1', 'K1', ['101'], now)).toMatchObject({ assigned: [], already: ['101'] });
    expect(listEvents(db, { kind: 'committees.assign' })).toHaveLength(1);
  });

  it('assigns 2,500 candidates at once, named in any order and some twice, and refuses an unknown number naming it, changing nothing', () => {
    const numbers = Array.from({ length: 2500 }, (_, i) => String(200_000 + i));
    addCandidates(db, planner, 'T1', numbers, {}, now);
    expect(errorOf(() => assignCandidates(db, planner, 'T1', 'K1', [...numbers, '999999'], now)).message).toContain('999999');
    expect(count(db, 'SELECT count(*) AS n FROM candidates WHERE committee_id IS NOT NULL')).toBe(0);
    const asked = [...numbers].reverse().concat(numbers.slice(0, 10));
    expect(assignCandidates(db, planner, 'T1', 'K1', asked, now).assigned).toEqual([...numbers].reverse());
    expect(count(db, "SELECT count(*) AS n FROM candidates c JOIN committees m ON m.id = c.committee_id WHERE m.name = 'K1'")).toBe(2500);
    expect(count(db, 'SELECT count(*) AS n FROM candidates WHERE committee_id IS NULL')).toBe(3);
  });

  it('add-grader refuses a student (3, "a student account") and an employee without the grader role (3, naming it)', () => {
    const s = errorOf(() => addGraders(db, planner, 'T1', 'K1', ['stud'], now));
    expect(s).toBeInstanceOf(NotPermittedError);
    expect(s.message).toContain('a student account');
    const a = errorOf(() => addGraders(db, planner, 'T1', 'K1', ['gina', 'auth'], now));
    expect(a).toBeInstanceOf(NotPermittedError);
    expect(a.message).toContain('does not hold the grader role');
    expect(count(db, 'SELECT count(*) AS n FROM committee_graders')).toBe(0);
  });

  it('a grader added becomes a grader contributor on the test (logged), once', () => {
    const r = addGraders(db, planner, 'T1', 'K1', ['gina', 'geir'], now);
    expect(r).toMatchObject({ added: ['gina', 'geir'], contributors: ['gina', 'geir'] });
    addGraders(db, planner, 'T1', 'K2', ['gina'], now);
    expect(listContributors(db, planner, 'T1').filter((c) => c.role === 'grader').map((c) => c.username)).toEqual(['geir', 'gina']);
    expect(listEvents(db, { kind: 'tests.contributors.add' }).filter((e) => e.user !== 'per')).toHaveLength(2);
    expect(listEvents(db, { kind: 'committees.add-grader' })).toHaveLength(3);
    expect(listCommittees(db, planner, 'T1')).toEqual([
      { committee: 'K1', graders: ['geir', 'gina'], candidates: 0 },
      { committee: 'K2', graders: ['gina'], candidates: 0 },
    ]);
  });

  it('reads candidate numbers from a sheet with a header or from a bare list', () => {
    const t = (rows: (string | number)[][]) => tableOf('f.csv', rows);
    expect(numbersFromTable(t([['Name', 'Kandidatnummer'], ['x', 101], ['y', '102']]))).toEqual(['101', '102']);
    expect(numbersFromTable(t([[101], [102], ['']]))).toEqual(['101', '102']);
  });
});

describe('contributors', () => {
  it('the role must be one of the user\'s system roles; a student never; both exit 3 with why', () => {
    expect(errorOf(() => addContributor(db, planner, 'T1', 'auth', 'grader', now)).message).toContain('does not hold the grader system role');
    const s = errorOf(() => addContributor(db, planner, 'T1', 'stud', 'reporter', now));
    expect(s).toBeInstanceOf(NotPermittedError);
    expect(s.message).toContain('a student can never be a contributor');
    expect(addContributor(db, planner, 'T1', 'gina', 'grader', now).added).toBe(true);
    expect(addContributor(db, planner, 'T1', 'gina', 'grader', now).added).toBe(false);
  });

  it('several planners are allowed, the last one stays; removing a grader takes it out of committees', () => {
    addUser(db, 'kari', { roles: ['planner'] });
    addContributor(db, planner, 'T1', 'kari', 'planner', now);
    removeContributor(db, planner, 'T1', 'kari', 'planner', now);
    expect(errorOf(() => removeContributor(db, planner, 'T1', 'per', 'planner', now))).toBeInstanceOf(ConflictError);
    addGraders(db, planner, 'T1', 'K1', ['gina'], now);
    expect(removeContributor(db, planner, 'T1', 'gina', 'grader', now).committees).toEqual(['K1']);
    expect(count(db, 'SELECT count(*) AS n FROM committee_graders')).toBe(0);
    expect(listEvents(db, { kind: 'tests.contributors.remove' })).toHaveLength(2);
  });
});
