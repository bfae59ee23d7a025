import { describe, expect, it } from 'vitest';
import { checkCapacity, overCapacityWindows, type Sitting } from '../../src/domain/exams/capacity.js';
import { SITTINGS_IN_RANGE } from '../../src/domain/exams/store-locations.js';
import { addCandidates, setCandidateStatus } from '../../src/domain/candidates/candidate-admin.js';
import { createExam } from '../../src/domain/exams/create.js';
import { addLocation } from '../../src/domain/exams/locations.js';
import { NotPermittedError } from '../../src/errors.js';
import { findUser } from '../../src/domain/people/users.js';
import { freshDbPath, openDb, ON_PG } from '../helpers.js';
import { addUser } from './exams-support.js';

const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00+01:00`);
const sit = (test: string, from: string, to: string, seats: number, location = 'Hall', capacity = 100): Sitting => ({
  test,
  location,
  capacity,
  start: at(from),
  end: at(to),
  seats,
});

describe('capacity windows', () => {
  it('an exam ending 12:00 and one starting 12:00 do not overlap', () => {
    expect(overCapacityWindows([sit('A', '09:00', '12:00', 80), sit('B', '12:00', '15:00', 80)])).toEqual([]);
  });

  it('finds the window where overlapping exams need more seats, with the tests and the seats', () => {
    const w = overCapacityWindows([sit('A', '09:00', '13:00', 60), sit('B', '12:00', '15:00', 50), sit('C', '14:00', '16:00', 10)]);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ location: 'Hall', capacity: 100, from: at('12:00'), to: at('13:00'), seats: 110 });
    expect(w[0]!.tests.map((t) => t.test)).toEqual(['A', 'B']);
  });

  it('reports each window with its own set of tests, per location', () => {
    const w = overCapacityWindows([
      sit('A', '09:00', '13:00', 60),
      sit('B', '10:00', '14:00', 60),
      sit('C', '11:00', '12:00', 60),
      sit('D', '10:00', '14:00', 60, 'Other', 100),
    ]);
    expect(w.map((x) => [x.from.toISOString(), x.to.toISOString(), x.seats, x.tests.map((t) => t.test).join('+')])).toEqual([
      [at('10:00').toISOString(), at('11:00').toISOString(), 120, 'A+B'],
      [at('11:00').toISOString(), at('12:00').toISOString(), 180, 'A+B+C'],
      [at('12:00').toISOString(), at('13:00').toISOString(), 120, 'A+B'],
    ]);
  });

  it('exactly full is not over capacity', () => {
    expect(overCapacityWindows([sit('A', '09:00', '12:00', 50), sit('B', '09:00', '12:00', 50)])).toEqual([]);
  });

  it('counts every candidate but the withdrawn; only school exams; planners only', () => {
    const db = openDb(freshDbPath());
    const admin = findUser(db, 'admin')!;
    const now = new Date('2026-09-01T08:00:00Z');
    addLocation(db, admin, { name: 'Hall', capacity: 3 }, now);
    const base = { course: 'C', year: 2026, term: 'autumn', title: 'x', location: 'Hall', start: '2026-12-01T09:00', duration: 120 };
    createExam(db, admin, 'S1', base, now);
    createExam(db, admin, 'S2', { ...base, start: '2026-12-01T10:00' }, now);
    createExam(db, admin, 'H1', { ...base, kind: 'home' }, now);
    addCandidates(db, admin, 'S1', ['1', '2'], {}, now);
    addCandidates(db, admin, 'S2', ['1', '2'], {}, now);
    addCandidates(db, admin, 'H1', ['1', '2', '3'], {}, now);
    const range = { from: new Date('2026-11-01T00:00:00Z'), to: null };
    expect(checkCapacity(db, admin, range).windows.map((w) => w.seats)).toEqual([4]);
    setCandidateStatus(db, admin, 'S2', 'withdrawn', ['2'], now);
    expect(checkCapacity(db, admin, range).windows).toEqual([]);
    expect(checkCapacity(db, admin, { from: new Date('2027-01-01T00:00:00Z'), to: null }).windows).toEqual([]);
    const grader = addUser(db, 'g', { roles: ['grader'] });
    expect(() => checkCapacity(db, grader, range)).toThrow(NotPermittedError);
  });
});

describe('capacity over a date range', () => {
  function world() {
    const db = openDb(freshDbPath());
    const admin = findUser(db, 'admin')!;
    const now = new Date('2026-09-01T08:00:00Z');
    addLocation(db, admin, { name: 'Hall', capacity: 10 }, now);
    const exam = (code: string, start: string, duration: number, seats: number) => {
      createExam(db, admin, code, { course: 'C', year: 2026, term: 'autumn', title: code, location: 'Hall', start, duration }, now);
      addCandidates(db, admin, code, Array.from({ length: seats }, (_, i) => String(i + 1)), {}, now);
    };
    return { db, admin, exam };
  }
  const windows = (r: ReturnType<typeof checkCapacity>) =>
    r.windows.map((w) => [w.from.toISOString(), w.to.toISOString(), w.tests.map((t) => t.test).join('+')]);

  it('a window reaching past the range ends where an exam outside the range changes it', () => {
    const { db, admin, exam } = world();
    exam('A', '2026-12-01T09:00+01:00', 180, 15);
    exam('B', '2026-12-01T11:00+01:00', 60, 1);
    exam('C', '2026-12-01T07:00+01:00', 180, 1);
    const range = { from: new Date('2026-12-01T10:30+01:00'), to: new Date('2026-12-01T10:45+01:00') };
    expect(windows(checkCapacity(db, admin, range))).toEqual([['2026-12-01T09:00:00.000Z', '2026-12-01T10:00:00.000Z', 'A']]);
    // The whole day: A's own window, then A and C before it, A and B after it.
    expect(windows(checkCapacity(db, admin, { from: new Date('2026-12-01T00:00+01:00'), to: null }))).toEqual([
      ['2026-12-01T08:00:00.000Z', '2026-12-01T09:00:00.000Z', 'A+C'],
      ['2026-12-01T09:00:00.000Z', '2026-12-01T10:00:00.000Z', 'A'],
      ['2026-12-01T10:00:00.000Z', '2026-12-01T11:00:00.000Z', 'A+B'],
    ]);
  });

  it('compares instants, whatever offset each start was stored with; the exams before the range are not reported', () => {
    const { db, admin, exam } = world();
    exam('UTC', '2026-12-01T08:30Z', 60, 6);
    exam('OSLO', '2026-12-01T10:00+01:00', 60, 6);
    exam('OLD', '2025-12-01T10:00+01:00', 60, 20);
    const day = { from: new Date('2026-12-01T00:00+01:00'), to: new Date('2026-12-02T00:00+01:00') };
    expect(windows(checkCapacity(db, admin, day))).toEqual([['2026-12-01T09:00:00.000Z', '2026-12-01T09:30:00.000Z', 'OSLO+UTC']]);
    expect(windows(checkCapacity(db, admin, { from: new Date('2026-12-01T09:30Z'), to: null }))).toEqual([]);
  });

  // SQLite's plan; PostgreSQL chooses by its statistics.
  it.skipIf(ON_PG)('reads the exams of the range through the index on their instants', () => {
    const { db } = world();
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${SITTINGS_IN_RANGE}`).all({ from: 0, to: null }) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX exams_school_times/);
  });
});
