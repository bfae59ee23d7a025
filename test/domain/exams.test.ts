import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/open.js';
import { writeTx } from '../../src/db/open.js';
import { checkExam } from '../../src/domain/exams/check.js';
import { createExam } from '../../src/domain/exams/create.js';
import { listExams } from '../../src/domain/exams/list.js';
import { updateExam } from '../../src/domain/exams/update.js';
import { midtermViolations, parseStart } from '../../src/domain/exams/exam-rules.js';
import { addLocation } from '../../src/domain/exams/locations.js';
import { addCandidates } from '../../src/domain/candidates/candidate-admin.js';
import { findExam } from '../../src/domain/exams/exams.js';
import { listEvents } from '../../src/domain/log/events.js';
import { createCommittee } from '../../src/domain/grading/committees.js';
import { setGrade } from '../../src/domain/grading/grades.js';
import { ConflictError, NotFoundError, NotPermittedError, ValidationError } from '../../src/errors.js';
import { findUser, type User } from '../../src/domain/people/users.js';
import { freshDbPath, openDb } from '../helpers.js';
import { addUser, count, errorOf } from './exams-support.js';

process.env.TZ = 'Europe/Oslo';
const now = new Date('2026-09-01T08:00:00Z');
const base = { course: 'TDT4100', year: '2026', term: 'autumn', title: 'Object-oriented programming' };

let db: Db;
let admin: User;
let planner: User;
beforeEach(() => {
  db = openDb(freshDbPath());
  admin = findUser(db, 'admin')!;
  planner = addUser(db, 'per', { roles: ['planner'] });
});

describe('start times', () => {
  it('keeps a given offset, gives local time its offset on that date, and refuses dates that do not exist', () => {
    expect(parseStart('2026-12-01T09:00+02:00')?.iso).toBe('2026-12-01T09:00:00+02:00');
    expect(parseStart('2026-12-01T09:00Z')?.iso).toBe('2026-12-01T09:00:00+00:00');
    expect(parseStart('2026-12-01T09:00')?.iso).toBe('2026-12-01T09:00:00+01:00');
    expect(parseStart('2026-06-01 09:30')?.iso).toBe('2026-06-01T09:30:00+02:00');
    expect(parseStart('2026-12-01T09:00')!.date.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    // What scripts send: JavaScript's toISOString (fractional seconds) and an hours-only offset.
    expect(parseStart('2026-12-01T09:00:00.000Z')?.iso).toBe('2026-12-01T09:00:00+00:00');
    expect(parseStart('2026-12-01T09:00+01')?.iso).toBe('2026-12-01T09:00:00+01:00');
    for (const bad of ['2026-02-30T09:00', '2026-13-01T09:00', '01.12.2026 09:00', 'tomorrow', '2026-12-01T25:00', '2026-03-29T02:30']) {
      expect(parseStart(bad), bad).toBeNull();
    }
  });
});

describe('mid-term rules', () => {
  it('names every broken rule at once', () => {
    const broken = midtermViolations({ midterm: true, duration: 90, countsTowardFinal: false, compulsory: false, digital: true, seb: false });
    expect(broken).toHaveLength(4);
    expect(broken.join('\n')).toMatch(/at least 120 minutes.*it lasts 90/);
    expect(broken.join('\n')).toContain('count towards the final grade');
    expect(broken.join('\n')).toContain('compulsory attendance');
    expect(broken.join('\n')).toContain('Safe Exam Browser');
  });

  it('an analogue mid-term needs no Safe Exam Browser; a complete one passes', () => {
    const ok = { midterm: true, duration: 120, countsTowardFinal: true, compulsory: true, digital: false, seb: false };
    expect(midtermViolations(ok)).toEqual([]);
    expect(midtermViolations({ ...ok, digital: true }).map(String)).toEqual([expect.stringContaining('Safe Exam Browser')]);
  });

  it('refuses to create, and to update into, a mid-term test that breaks a rule, changing nothing', () => {
    const e = errorOf(() => createExam(db, planner, 'MID', { ...base, midterm: true, duration: 60 }, now)) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.issues.map((i) => i.message)).toHaveLength(4);
    expect(findExam(db, 'MID')).toBeUndefined();
    createExam(db, planner, 'MID', { ...base, duration: 60 }, now);
    const u = errorOf(() => updateExam(db, planner, 'MID', { midterm: true, countsTowardFinal: true, compulsory: true, seb: true }, now)) as ValidationError;
    expect(u.issues.map((i) => i.message)).toEqual([expect.stringContaining('at least 120 minutes')]);
    expect(findExam(db, 'MID')!.midterm).toBe(false);
  });
});

describe('tests create and update', () => {
  it('makes the creator the planner contributor and logs both', () => {
    const exam = createExam(db, planner, 'T1', { ...base, start: '2026-12-01T09:00', duration: '240' }, now);
    expect(exam.start).toBe('2026-12-01T09:00:00+01:00');
    expect(count(db, `SELECT count(*) AS n FROM contributors WHERE exam_id = ? AND user_id = ? AND role = 'planner'`, exam.id, planner.id)).toBe(1);
    expect(listEvents(db, { examId: exam.id }).map((e) => e.kind)).toEqual(['tests.create', 'tests.contributors.add']);
  });

  it('needs the planner role; a grader or a student is refused with the reason', () => {
    const grader = addUser(db, 'gina', { roles: ['grader'] });
    const student = addUser(db, 'stud', { kind: 'student' });
    expect(errorOf(() => createExam(db, grader, 'X', base, now)).message).toContain('needs the planner role');
    expect(errorOf(() => createExam(db, student, 'X', base, now)).message).toContain('student account');
  });

  it('refuses a duplicate code (5), an unknown location (4), a bad date or negative duration (2)', () => {
    createExam(db, planner, 'T1', base, now);
    expect(errorOf(() => createExam(db, planner, 'T1', base, now))).toBeInstanceOf(ConflictError);
    expect(errorOf(() => createExam(db, planner, 'T2', { ...base, location: 'Nowhere' }, now))).toBeInstanceOf(NotFoundError);
    const bad = errorOf(() => createExam(db, planner, 'T2', { ...base, start: '2026-12-32T09:00', duration: '-5' }, now)) as ValidationError;
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.issues.map((i) => i.input)).toEqual(['start', 'duration']);
    expect(count(db, 'SELECT count(*) AS n FROM exams')).toBe(1);
  });

  it('logs old and new per field, and a no-op changes and logs nothing', () => {
    addLocation(db, admin, { name: 'Sukkerhuset', capacity: 250 }, now);
    createExam(db, planner, 'T1', base, now);
    const r = updateExam(db, planner, 'T1', { title: 'New', location: 'sukkerhuset', duration: 180 }, now);
    expect(r.changed).toEqual({ title: { old: base.title, new: 'New' }, duration: { old: null, new: 180 }, location: { old: null, new: 'Sukkerhuset' } });
    const ev = listEvents(db, { kind: 'tests.update' });
    expect(ev).toHaveLength(1);
    expect(ev[0]!.old).toEqual({ title: base.title, duration: null, location: null });
    expect(updateExam(db, planner, 'T1', { title: 'New' }, now).changed).toEqual({});
    expect(listEvents(db, { kind: 'tests.update' })).toHaveLength(1);
  });

  it('refuses to change scale or marking once a grade or mark exists, naming why (5)', () => {
    const exam = createExam(db, planner, 'T1', base, now);
    addCandidates(db, planner, 'T1', ['101'], {}, now);
    updateExam(db, planner, 'T1', { scale: 'passfail' }, now);
    setGrade(db, planner, findExam(db, exam.code)!, '101', 'Pass', { now });
    for (const change of [{ scale: 'letter' }, { marking: 'private' }]) {
      const e = errorOf(() => updateExam(db, planner, 'T1', change, now));
      expect(e).toBeInstanceOf(ConflictError);
      expect(e.message).toMatch(/1 grade or mark already recorded would change meaning/);
    }
    expect(updateExam(db, planner, 'T1', { title: 'Still fine' }, now).changed).toHaveProperty('title');
    expect(findExam(db, 'T1')!.scale).toBe('passfail');
  });

  it('portfolio: --part-of must exist (4), --ungraded-part needs it (2), and parts do not nest', () => {
    createExam(db, planner, 'AGG', { ...base, registration: true }, now);
    expect(errorOf(() => createExam(db, planner, 'P1', { ...base, partOf: 'NOPE' }, now))).toBeInstanceOf(NotFoundError);
    expect(errorOf(() => createExam(db, planner, 'P1', { ...base, ungradedPart: true }, now))).toBeInstanceOf(ValidationError);
    const p1 = createExam(db, planner, 'P1', { ...base, partOf: 'AGG', ungradedPart: true }, now);
    expect(p1.partOf).toBe(findExam(db, 'AGG')!.id);
    expect(errorOf(() => createExam(db, planner, 'P2', { ...base, partOf: 'P1' }, now)).message).toContain('one level only');
    expect(errorOf(() => updateExam(db, planner, 'AGG', { partOf: 'P1' }, now)).message).toMatch(/one level only|aggregate/);
  });
});

describe('who acts on a test', () => {
  it('a planner who is not a contributor is refused with 3 on another planner\'s test; extended access is not', () => {
    const other = addUser(db, 'kari', { roles: ['planner'] });
    createExam(db, planner, 'T1', base, now);
    const e = errorOf(() => updateExam(db, other, 'T1', { title: 'Mine' }, now));
    expect(e).toBeInstanceOf(NotPermittedError);
    expect(e.message).toContain('not a contributor (planner) on test T1');
    expect(updateExam(db, admin, 'T1', { title: 'Ext' }, now).changed).toHaveProperty('title');
    expect(listExams(db, other)).toEqual([]);
    expect(listExams(db, admin).map((x) => x.code)).toEqual(['T1']);
    expect(listExams(db, planner).map((x) => x.code)).toEqual(['T1']);
  });

  it('tests check names candidates with no committee, committees with no grader, missing location and start', () => {
    createExam(db, planner, 'T1', { ...base, groupMode: 'open' }, now);
    addCandidates(db, planner, 'T1', ['101', '102'], {}, now);
    createCommittee(db, planner, 'T1', 'K1', now);
    const kinds = checkExam(db, planner, 'T1').findings.map((f) => [f.kind, f.items]);
    expect(kinds).toEqual([
      ['candidate-without-committee', ['101', '102']],
      ['committee-without-grader', ['K1']],
      ['no-location', []],
      ['no-start', []],
      ['no-duration', []],
      ['candidate-without-group', ['101', '102']],
    ]);
  });
});
