import { describe, expect, it } from 'vitest';
import { parseSince } from '../../src/domain/log/log.js';
import { cli, freshDbPath, openDb } from '../helpers.js';

const as = 'admin';

describe('log', () => {
  it('prints every change as JSON: who, when, kind, test, user, subject, old and new', async () => {
    const db = freshDbPath();
    await cli(['users', 'add', 'kari', '--name', 'Kari'], { db, as });
    await cli(['roles', 'grant', 'kari', '--role', 'grader'], { db, as });
    const r = await cli(['--json', 'log'], { db, as });
    expect(r.code).toBe(0);
    const events = JSON.parse(r.stdout);
    expect(events.map((e: { kind: string }) => e.kind)).toEqual(['init', 'users.add', 'roles.grant']);
    expect(events[2]).toEqual({
      id: 3,
      at: expect.any(String),
      actor: 'admin',
      kind: 'roles.grant',
      test: null,
      user: 'kari',
      subject: 'kari',
      old: [],
      new: ['grader'],
    });
  });

  it('filters by user (actor or subject), kind, test, since and limit', async () => {
    const db = freshDbPath();
    await cli(['users', 'add', 'kari', '--name', 'Kari'], { db, as });
    await cli(['users', 'add', 'ola', '--name', 'Ola'], { db, as });
    await cli(['roles', 'grant', 'kari', '--role', 'user-administrator'], { db, as });
    await cli(['users', 'update', 'ola', '--email', 'ola@ntnu.no'], { db, as: 'kari' });
    const d = openDb(db);
    d.prepare("UPDATE events SET at = '2020-01-01T00:00:00.000Z' WHERE kind = 'init'").run();
    const adminId = (d.prepare("SELECT id FROM users WHERE username = 'admin'").get() as { id: number }).id;
    const exam = d
      .prepare("INSERT INTO exams (code, course, year, term, title, created_by, created_at) VALUES ('EX1', 'C', 2026, 'spring', 'T', ?, 'x')")
      .run(adminId);
    d.prepare("INSERT INTO events (at, actor_id, kind, exam_id, subject) VALUES ('2026-02-01T00:00:00.000Z', ?, 'tests.create', ?, 'EX1')").run(
      adminId,
      exam.lastInsertRowid,
    );
    d.close();
    const kinds = async (...args: string[]) =>
      JSON.parse((await cli(['--json', 'log', ...args], { db, as })).stdout).map((e: { kind: string }) => e.kind);
    expect(await kinds('--user', 'kari')).toEqual(['users.add', 'roles.grant', 'users.update']);
    expect(await kinds('--user', 'ola')).toEqual(['users.add', 'users.update']);
    expect(await kinds('--kind', 'users')).toEqual(['users.add', 'users.add', 'users.update']);
    expect(await kinds('--test', 'EX1')).toEqual(['tests.create']);
    expect(await kinds('--since', '2021-01-01')).not.toContain('init');
    expect(await kinds('--since', '2019-12-31T23:00:00Z')).toContain('init');
    expect(await kinds('--limit', '1')).toEqual(['tests.create']);
    expect(await kinds('--user', 'ola', '--since', '2099-01-01')).toEqual([]);
  });

  it('refuses a bad date (2), an unknown user or test (4), and readers without the right (3)', async () => {
    const db = freshDbPath();
    await cli(['users', 'add', 'kari', '--name', 'Kari'], { db, as });
    const bad = await cli(['log', '--since', 'yesterday'], { db, as });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('YYYY-MM-DD');
    expect((await cli(['log', '--since', '2026-02-30'], { db, as })).code).toBe(2);
    expect((await cli(['log', '--user', 'nobody'], { db, as })).code).toBe(4);
    expect((await cli(['log', '--test', 'NOPE'], { db, as })).code).toBe(4);
    expect((await cli(['log'], { db, as: 'kari' })).code).toBe(3);
    await cli(['roles', 'grant', 'kari', '--role', 'reporter'], { db, as });
    expect((await cli(['log'], { db, as: 'kari' })).code).toBe(0);
  });

  it('prints a table for people and an empty JSON array when nothing matches', async () => {
    const db = freshDbPath();
    const t = await cli(['log'], { db, as });
    expect(t.stdout).toMatch(/at\s+actor\s+kind/);
    expect(t.stdout).toContain('init');
    const e = await cli(['--json', 'log', '--kind', 'grades'], { db, as });
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout)).toEqual([]);
  });
});

describe('--since', () => {
  it('reads a date as local midnight, a time with an offset exactly', () => {
    expect(parseSince('2026-05-01')).toBe(new Date(2026, 4, 1).toISOString());
    expect(parseSince('2026-05-01T08:00:00+02:00')).toBe('2026-05-01T06:00:00.000Z');
    expect(parseSince('2026-05-01T08:00Z')).toBe('2026-05-01T08:00:00.000Z');
    expect(() => parseSince('01.05.2026')).toThrow(/not a date/);
    expect(() => parseSince('2026-13-01T00:00')).toThrow(/not a date/);
  });

  it('refuses an impossible day or hour in a time, which JavaScript would roll over', () => {
    for (const bad of ['2026-02-30T08:00', '2026-04-31T00:00Z', '2026-05-01T24:00', '2026-05-01T08:60', '2026-02-29 10:00']) {
      expect(() => parseSince(bad), bad).toThrow(/not a date/);
    }
    expect(parseSince('2028-02-29T10:00Z')).toBe('2028-02-29T10:00:00.000Z');
    expect(parseSince('2026-05-01 08:00:59Z')).toBe('2026-05-01T08:00:59.000Z');
  });
});

describe('log and private marks', () => {
  it("shows a private mark's value to its grader only, as grades list does", async () => {
    const { addCandidates, addCommittee, addExam, addUser, contributor } = await import('../domain/workflow-world.js');
    const file = freshDbPath();
    const db = openDb(file);
    const exam = addExam(db, { code: 'P', marking: 'private' });
    const g1 = addUser(db, 'g1', ['grader']);
    // g2 also reports, so that it may read the log
    const g2 = addUser(db, 'g2', ['grader', 'reporter']);
    const planner = addUser(db, 'per', ['planner']);
    contributor(db, exam, planner, 'planner');
    addCandidates(db, exam, ['1'], { committee: addCommittee(db, exam, 'K1', [g1, g2]) });
    db.close();
    expect((await cli(['grades', 'set', 'P', '1', 'C'], { db: file, as: 'g2' })).code).toBe(0);
    const seen = async (as: string) => {
      const r = await cli(['--json', 'log', '--test', 'P', '--kind', 'grades.set'], { db: file, as });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout)[0].new;
    };
    expect(await seen('per')).toEqual({ mark: 'g2', private: true });
    expect(await seen('admin')).toEqual({ mark: 'g2', private: true });
    expect(await seen('g2')).toMatchObject({ grade: 'C', mark: 'g2' });
  });
});
