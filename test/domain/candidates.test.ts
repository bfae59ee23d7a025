import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/open.js';
import { addCandidates, importCandidates, listCandidateViews, setCandidateStatus } from '../../src/domain/candidates/candidate-admin.js';
import { createExam } from '../../src/domain/exams/create.js';
import { listEvents } from '../../src/domain/log/events.js';
import { ConflictError, NotFoundError, ValidationError } from '../../src/errors.js';
import { tableOf, type Table } from '../../src/formats/tabular.js';
import type { User } from '../../src/domain/people/users.js';
import { freshDbPath, openDb } from '../helpers.js';
import { addUser, count, errorOf } from './exams-support.js';

const now = new Date('2026-09-01T08:00:00Z');
let db: Db;
let planner: User;
beforeEach(() => {
  db = openDb(freshDbPath());
  planner = addUser(db, 'per', { roles: ['planner'] });
  addUser(db, 'ola', { kind: 'student' });
  addUser(db, 'kari', { kind: 'student' });
  addUser(db, 'emp', { roles: ['grader'] });
  createExam(db, planner, 'T1', { course: 'C', year: 2026, term: 'autumn', title: 'T' }, now);
});

function table(rows: (string | number | null)[][], file = 'candidates.csv'): Table {
  return { ...tableOf(file, rows), sha256: 'x' };
}

describe('candidates add', () => {
  it('registers numbers as text, with a student and status, each logged', () => {
    addCandidates(db, planner, 'T1', ['007'], { student: 'ola', status: 'attended' }, now);
    addCandidates(db, planner, 'T1', ['101', '102'], {}, now);
    expect(listCandidateViews(db, planner, 'T1')).toEqual([
      { candidate: '007', student: 'ola', status: 'attended', committee: null, group: null },
      { candidate: '101', student: null, status: 'registered', committee: null, group: null },
      { candidate: '102', student: null, status: 'registered', committee: null, group: null },
    ]);
    expect(listEvents(db, { kind: 'candidates.add' })).toHaveLength(3);
  });

  it('refuses a number already on the test (5), a non-student link (2), a student linked twice (5), and adds nothing', () => {
    addCandidates(db, planner, 'T1', ['101'], { student: 'ola' }, now);
    expect(errorOf(() => addCandidates(db, planner, 'T1', ['102', '101'], {}, now))).toBeInstanceOf(ConflictError);
    expect(errorOf(() => addCandidates(db, planner, 'T1', ['103'], { student: 'emp' }, now)).message).toContain('not a student');
    expect(errorOf(() => addCandidates(db, planner, 'T1', ['104'], { student: 'ola' }, now))).toBeInstanceOf(ConflictError);
    expect(errorOf(() => addCandidates(db, planner, 'T1', ['105'], { status: 'sleeping' }, now))).toBeInstanceOf(ValidationError);
    expect(count(db, 'SELECT count(*) AS n FROM candidates')).toBe(1);
  });
});

describe('candidates import', () => {
  it('keeps numbers as text (a numeric cell 101 is "101"), links students, reads statuses', () => {
    const r = importCandidates(
      db,
      planner,
      'T1',
      table([['Kandidatnummer', 'Brukernavn', 'Status'], [101, 'ola', 'Attended'], ['0102', '', ''], [103, 'kari', 'withdrawn']]),
      now,
    );
    expect(r).toMatchObject({ added: 3, unchanged: 0 });
    expect(listCandidateViews(db, planner, 'T1').map((c) => [c.candidate, c.student, c.status])).toEqual([
      ['0102', null, 'registered'],
      ['101', 'ola', 'attended'],
      ['103', 'kari', 'withdrawn'],
    ]);
    expect(listEvents(db, { kind: 'candidates.import' })).toHaveLength(1);
  });

  it('reports every bad row with row, column and value, and adds nothing', () => {
    addCandidates(db, planner, 'T1', ['500'], { status: 'absent' }, now);
    const e = errorOf(() =>
      importCandidates(
        db,
        planner,
        'T1',
        table([
          ['candidate number', 'student', 'status'],
          ['201', 'nobody', ''],
          ['202', 'emp', ''],
          ['203', '', 'asleep'],
          ['201', '', ''],
          ['500', '', 'attended'],
          ['2 04', '', ''],
          ['205', 'ola', ''],
        ]),
        now,
      ),
    ) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.issues.map((i) => [i.row, i.column, i.value])).toEqual([
      [2, 'B (student)', 'nobody'],
      [3, 'B (student)', 'emp'],
      [4, 'C (status)', 'asleep'],
      [5, 'A (candidate number)', '201'],
      [6, 'A (candidate number)', '500'],
      [7, 'A (candidate number)', '2 04'],
    ]);
    expect(count(db, 'SELECT count(*) AS n FROM candidates')).toBe(1);
  });

  it('the same file twice adds nothing the second time', () => {
    const t = table([['kandidatnr'], ['1'], ['2']]);
    importCandidates(db, planner, 'T1', t, now);
    expect(importCandidates(db, planner, 'T1', t, now)).toMatchObject({ added: 0, unchanged: 2 });
  });

  it('10,005 candidates in one file are one transaction and one event, registered in the file’s order with their students and statuses', () => {
    const rows: (string | number)[][] = [['candidate number', 'student', 'status']];
    for (let i = 0; i < 10_005; i++) rows.push([100_000 + i, i === 10_002 ? 'ola' : '', i % 3 === 0 ? 'attended' : '']);
    const r = importCandidates(db, planner, 'T1', table(rows), now);
    expect(r.added).toBe(10_005);
    const got = db.prepare('SELECT c.number, u.username AS student, c.status FROM candidates c LEFT JOIN users u ON u.id = c.student_id ORDER BY c.id').all();
    expect(got).toEqual(rows.slice(1).map(([n, student, status]) => ({ number: String(n), student: student || null, status: status || 'registered' })));
    expect(listEvents(db, { kind: 'candidates.import' })).toHaveLength(1);
  });
});

describe('candidates status', () => {
  it('logs each change with old and new; unknown numbers are 4 and change nothing', () => {
    addCandidates(db, planner, 'T1', ['1', '2'], {}, now);
    expect(errorOf(() => setCandidateStatus(db, planner, 'T1', 'attended', ['1', '9'], now))).toBeInstanceOf(NotFoundError);
    expect(count(db, `SELECT count(*) AS n FROM candidates WHERE status = 'attended'`)).toBe(0);
    expect(setCandidateStatus(db, planner, 'T1', 'attended', ['1', '2'], now)).toHaveLength(2);
    expect(setCandidateStatus(db, planner, 'T1', 'attended', ['1'], now)).toEqual([]);
    expect(listEvents(db, { kind: 'candidates.status' }).map((e) => [e.subject, e.old, e.new])).toEqual([
      ['1', 'registered', 'attended'],
      ['2', 'registered', 'attended'],
    ]);
  });
});
