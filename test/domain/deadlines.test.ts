import { describe, expect, it } from 'vitest';
import { defaultDeadline, deadlineOf } from '../../src/domain/results/deadlines.js';
import { findExam } from '../../src/domain/exams/exams.js';
import { cli, freshDbPath, openDb } from '../helpers.js';
import { seedCandidates, seedCommittee, seedConfirm, seedExam, seedGrade, seedUser } from '../seed.js';

/**
 * Grading deadlines: three weeks after the exam day, moved past weekends and Norwegian public
 * holidays; a planner's own date with its reason; the committees still grading, overdue or soon due.
 */

const at = (iso: string) => ({ EXAMCTL_NOW: iso });

describe('the default grading deadline', () => {
  it('is the same weekday three weeks on, or the next working day', () => {
    // A Thursday: three weeks on is a Thursday, a working day.
    expect(defaultDeadline('2026-05-07')).toBe('2026-05-28');
    // A Monday: three weeks on is Whit Monday 2026-05-25, so the Tuesday.
    expect(defaultDeadline('2026-05-04')).toBe('2026-05-26');
    // A Saturday: three weeks on is a Saturday, so the Monday.
    expect(defaultDeadline('2026-05-30')).toBe('2026-06-22');
  });

  it('follows from the start of a test created with --start (its day in Norway)', async () => {
    const db = freshDbPath();
    const seed = openDb(db);
    seedUser(seed, 'per', { roles: ['planner'] });
    seed.close();
    const starts: Record<string, string> = { THU: '2026-05-07T09:00', MON: '2026-05-04T09:00', SAT: '2026-05-30T09:00' };
    for (const [code, start] of Object.entries(starts)) {
      const r = await cli(['tests', 'create', code, '--course', 'TDT1', '--year', '2026', '--term', 'spring', '--title', 'T', '--start', start], {
        db,
        as: 'per',
        env: at('2026-04-01T12:00:00Z'),
      });
      expect(r.code, r.stderr).toBe(0);
    }
    const d = openDb(db);
    try {
      const of = (code: string) => deadlineOf(d, findExam(d, code)!);
      expect(of('THU')).toEqual({ deadline: '2026-05-28', examDay: '2026-05-07', set: false, reason: null });
      expect(of('MON')).toMatchObject({ deadline: '2026-05-26', examDay: '2026-05-04', set: false });
      expect(of('SAT')).toMatchObject({ deadline: '2026-06-22', examDay: '2026-05-30', set: false });
    } finally {
      d.close();
    }
    const report = await cli(['--json', 'report', 'SAT'], { db, as: 'per', env: at('2026-06-12T12:00:00Z') });
    expect(report.code, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout).gradingDeadline).toEqual({ deadline: '2026-06-22', daysLeft: 10, set: false, reason: null });
  });
});

describe('a grading deadline set by a planner', () => {
  async function world() {
    const db = freshDbPath();
    const seed = openDb(db);
    seedUser(seed, 'per', { roles: ['planner'] });
    seed.close();
    const r = await cli(
      ['tests', 'create', 'THESIS', '--course', 'TDT4900', '--year', '2026', '--term', 'spring', '--title', 'Thesis', '--start', '2026-05-07T09:00'],
      { db, as: 'per', env: at('2026-04-01T12:00:00Z') },
    );
    expect(r.code, r.stderr).toBe(0);
    return db;
  }

  it('is stored with its reason and logged with the old and new deadline', async () => {
    const db = await world();
    const r = await cli(['--json', 'tests', 'update', 'THESIS', '--grading-deadline', '2026-08-14', '--reason', 'master thesis, long read'], {
      db,
      as: 'per',
      env: at('2026-05-01T12:00:00Z'),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).changed.gradingDeadline).toEqual({ old: '2026-05-28', new: '2026-08-14' });
    const d = openDb(db);
    try {
      expect(deadlineOf(d, findExam(d, 'THESIS')!)).toMatchObject({ deadline: '2026-08-14', set: true, reason: 'master thesis, long read' });
      const ev = d.prepare(`SELECT subject, old, new FROM events WHERE kind = 'tests.grading-deadline'`).all() as { subject: string; old: string; new: string }[];
      expect(ev).toHaveLength(1);
      expect(ev[0]!.subject).toBe('THESIS');
      expect(JSON.parse(ev[0]!.old)).toEqual({ deadline: '2026-05-28', set: false, reason: null });
      expect(JSON.parse(ev[0]!.new)).toEqual({ deadline: '2026-08-14', set: true, reason: 'master thesis, long read' });
    } finally {
      d.close();
    }
    const report = await cli(['--json', 'report', 'THESIS'], { db, as: 'per', env: at('2026-08-04T12:00:00Z') });
    expect(JSON.parse(report.stdout).gradingDeadline).toEqual({ deadline: '2026-08-14', daysLeft: 10, set: true, reason: 'master thesis, long read' });
  });

  it('without --reason is refused (2) and changes nothing, not even the other settings given with it', async () => {
    const db = await world();
    const snapshot = () => {
      const d = openDb(db);
      try {
        return {
          exam: d.prepare(`SELECT * FROM exams WHERE code = 'THESIS'`).get(),
          events: (d.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n,
        };
      } finally {
        d.close();
      }
    };
    const before = snapshot();
    const r = await cli(['tests', 'update', 'THESIS', '--grading-deadline', '2026-08-14', '--title', 'Renamed'], { db, as: 'per', env: at('2026-05-01T12:00:00Z') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('reason');
    const blank = await cli(['tests', 'update', 'THESIS', '--grading-deadline', '2026-08-14', '--reason', '  '], { db, as: 'per', env: at('2026-05-01T12:00:00Z') });
    expect(blank.code).toBe(2);
    expect(snapshot()).toEqual(before);
    const d = openDb(db);
    try {
      expect(deadlineOf(d, findExam(d, 'THESIS')!)).toMatchObject({ deadline: '2026-05-28', set: false, reason: null });
    } finally {
      d.close();
    }
  });
});

describe('deadlines: the committees still grading', () => {
  /**
   * OLD (exam Monday 2026-05-04, due 2026-05-26): K1 still grading, K2 confirmed.
   * NEW (exam Monday 2026-06-01, due 2026-06-22): K3 still grading.
   */
  function world() {
    const file = freshDbPath();
    const db = openDb(file);
    const then = new Date('2026-04-01T12:00:00Z');
    seedUser(db, 'per', { roles: ['planner'] }, then);
    const g1 = seedUser(db, 'g1', { roles: ['grader'] }, then);
    const g2 = seedUser(db, 'g2', { roles: ['grader'] }, then);
    const old = seedExam(db, { code: 'OLD', start: '2026-05-04T09:00', confirm: 'per-candidate' }, then);
    seedExam(db, { code: 'NEW', start: '2026-06-01T09:00' }, then);
    seedCommittee(db, 'OLD', 'K1', ['g1'], then);
    seedCommittee(db, 'OLD', 'K2', ['g2'], then);
    seedCommittee(db, 'NEW', 'K3', ['g1'], then);
    seedCandidates(db, 'OLD', [{ number: '1', committee: 'K1' }, { number: '2', committee: 'K1' }, { number: '3', committee: 'K2' }], then);
    seedCandidates(db, 'NEW', [{ number: '1', committee: 'K3' }], then);
    const graded = new Date('2026-05-20T12:00:00Z');
    seedGrade(db, g1, old, '1', 'B', {}, graded);
    seedGrade(db, g2, old, '3', 'C', {}, graded);
    seedConfirm(db, 'OLD', '1', graded);
    seedConfirm(db, 'OLD', '3', graded);
    db.close();
    return file;
  }
  const rowsOf = async (file: string, args: string[], now: string) => {
    const r = await cli(['--json', 'deadlines', ...args], { db: file, as: 'admin', env: at(now) });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { test: string; committee: string | null; deadline: string; daysLeft: number; overdue: boolean; open: number }[];
  };

  it('--overdue lists exactly the unconfirmed committees past their date', async () => {
    const file = world();
    const rows = await rowsOf(file, ['--overdue'], '2026-06-01T12:00:00Z');
    expect(rows).toEqual([
      { test: 'OLD', committee: 'K1', appeal: false, deadline: '2026-05-26', daysLeft: -6, overdue: true, open: 1, set: false, reason: null },
    ]);
    // Without --overdue the future one is there too; the confirmed K2 never is.
    const all = await rowsOf(file, [], '2026-06-01T12:00:00Z');
    expect(all.map((r) => [r.test, r.committee, r.deadline, r.overdue])).toEqual([
      ['OLD', 'K1', '2026-05-26', true],
      ['NEW', 'K3', '2026-06-22', false],
    ]);
    // On the deadline itself, nothing is overdue yet.
    expect(await rowsOf(file, ['--overdue'], '2026-05-26T20:00:00Z')).toEqual([]);
    const human = await cli(['deadlines', '--overdue'], { db: file, as: 'admin', env: at('2026-06-01T12:00:00Z') });
    expect(human.stdout).toContain('6 overdue');
    expect(human.stdout).not.toContain('K2');
    expect(human.stdout).not.toContain('K3');
  });

  it('--within keeps those due within that many days, the overdue ones included', async () => {
    const file = world();
    const now = '2026-06-01T12:00:00Z';
    expect((await rowsOf(file, ['--within', '21'], now)).map((r) => [r.test, r.committee, r.daysLeft])).toEqual([
      ['OLD', 'K1', -6],
      ['NEW', 'K3', 21],
    ]);
    expect((await rowsOf(file, ['--within', '20'], now)).map((r) => [r.test, r.committee])).toEqual([['OLD', 'K1']]);
    const bad = await cli(['deadlines', '--within', 'soon'], { db: file, as: 'admin', env: at(now) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--within');
  });
});
