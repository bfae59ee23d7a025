import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, freshDbPath, openDb } from '../helpers.js';
import { serverConnections } from './connections.js';
import { ON_PG, asLogin } from '../engine.js';
import { REFERENCES_BY_STATEMENT } from '../../src/db/migrations/005-references-by-statement.js';
import type { Db } from '../../src/db/open.js';

/**
 * On a server the references of grades, marks and batch changes are checked once per statement
 * (migration 005) instead of by foreign keys: a row pointing nowhere is refused whichever way it
 * comes (one row, a set, an update, an upsert), a referenced row cannot be deleted, re-keyed or
 * truncated away, a concurrent delete and write cannot leave an orphan, and db check still finds
 * one made behind the checks' back.
 */
let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});
const client = serverConnections();

/** A database with a test, candidates 1..3 (ids returned) and a batch; its URL. */
function office(): { url: string; c: number[]; batch: number; admin: number } {
  const url = freshDbPath('admin');
  db = openDb(url);
  const admin = (db.prepare("SELECT id FROM users WHERE username = 'admin'").get() as { id: number }).id;
  const exam = (db.prepare(
    "INSERT INTO exams (code, course, year, term, title, scale, created_by, created_at) VALUES ('T', 'C', 2026, 'spring', 'T', 'letter', ?, 'now') RETURNING id",
  ).get(admin) as { id: number }).id;
  const c = [1, 2, 3].map((k) => (db!.prepare("INSERT INTO candidates (exam_id, number, status) VALUES (?, ?, 'submitted') RETURNING id").get(exam, String(k)) as { id: number }).id);
  const batch = (db.prepare("INSERT INTO batches (exam_id, kind, actor_id, at, counts) VALUES (?, 'import', ?, 'now', '{}') RETURNING id").get(exam, admin) as { id: number }).id;
  return { url, c, batch, admin };
}

const grade = (candidate: number, user: number, batch: number | null = null) =>
  db!.prepare("INSERT INTO grades (candidate_id, grade, source, batch_id, updated_by, updated_at) VALUES (?, 'B', 'direct', ?, ?, 'now')").run(candidate, batch, user);

const fkError = (name: string) => expect.objectContaining({ code: '23503', constraint: name });

/** Resolves once the backend `pid` is waiting for a lock (asked of the server, no timer). */
async function waitingForLock(watcher: pg.Client, pid: number): Promise<void> {
  for (;;) {
    const r = await watcher.query('SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (r.rows[0]?.wait_event_type === 'Lock') return;
  }
}

describe.runIf(ON_PG)('PostgreSQL: references checked once per statement', () => {
  it('has a check for every reference of grades, marks and batch changes, and no foreign key left on them', () => {
    const { url } = office();
    const keys = db!.prepare(
      "SELECT conname AS name FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' AND t.relname IN ('grades', 'marks', 'batch_changes')",
    ).all();
    expect(keys).toEqual([]);
    expect(REFERENCES_BY_STATEMENT.map((r) => `${r.table}.${r.column}`).sort()).toEqual(
      ['batch_changes.batch_id', 'batch_changes.candidate_id', 'batch_changes.grader_id', 'grades.batch_id', 'grades.candidate_id', 'grades.updated_by', 'marks.batch_id', 'marks.candidate_id', 'marks.grader_id'],
    );
    expect(url).toMatch(/^postgres/);
  });

  it('refuses a grade, a mark or a batch change that points nowhere, with the foreign key’s code and name, and writes none of the set', () => {
    const { c, batch, admin } = office();
    expect(() => grade(999_999, admin)).toThrow(fkError('grades_candidate_id_fkey'));
    expect(() => grade(c[0]!, 999_999)).toThrow(fkError('grades_updated_by_fkey'));
    expect(() => grade(c[0]!, admin, 999_999)).toThrow(fkError('grades_batch_id_fkey'));
    expect(() => db!.prepare("INSERT INTO marks (candidate_id, grader_id, source, updated_at) VALUES (?, 999999, 'direct', 'now')").run(c[0])).toThrow(fkError('marks_grader_id_fkey'));
    expect(() => db!.prepare("INSERT INTO batch_changes (batch_id, candidate_id, new) VALUES (?, 999999, '{}')").run(batch)).toThrow(fkError('batch_changes_candidate_id_fkey'));
    // one bad row among good ones in one statement: none of them stays
    expect(() =>
      db!.prepare(
        "INSERT INTO grades (candidate_id, grade, source, updated_by, updated_at) SELECT x, 'C', 'import', ?, 'now' FROM unnest(CAST(? AS integer[])) x",
      ).run(admin, [c[0], c[1], 999_999]),
    ).toThrow(expect.objectContaining({ code: '23503', detail: 'Key (candidate_id)=(999999) is not present in table "candidates".' }));
    expect(db!.prepare('SELECT count(*) AS n FROM grades').get()).toEqual({ n: 0 });
    // what does exist goes in, a null batch included
    grade(c[0]!, admin, null);
    grade(c[1]!, admin, batch);
    expect(db!.prepare('SELECT count(*) AS n FROM grades').get()).toEqual({ n: 2 });
  });

  it('refuses an update or an upsert that makes a row point nowhere, and lets one that keeps its references', () => {
    const { c, admin } = office();
    grade(c[0]!, admin);
    expect(() => db!.prepare('UPDATE grades SET candidate_id = 999999 WHERE candidate_id = ?').run(c[0])).toThrow(fkError('grades_candidate_id_fkey'));
    expect(() =>
      db!.prepare(
        "INSERT INTO grades (candidate_id, grade, source, updated_by, updated_at) VALUES (?, 'A', 'import', 999999, 'now') ON CONFLICT (candidate_id) DO UPDATE SET updated_by = excluded.updated_by",
      ).run(c[0]),
    ).toThrow(fkError('grades_updated_by_fkey'));
    db!.prepare("UPDATE grades SET grade = 'A', confirmed = 1").run();
    expect(db!.prepare('SELECT candidate_id AS c, grade, updated_by AS u FROM grades').all()).toEqual([{ c: c[0], grade: 'A', u: admin }]);
  });

  it('refuses deleting, re-keying or truncating a row still referenced, and lets one that is not go', () => {
    const { c, batch, admin } = office();
    grade(c[0]!, admin, batch);
    expect(() => db!.prepare('DELETE FROM candidates WHERE id = ?').run(c[0])).toThrow(fkError('grades_candidate_id_fkey'));
    expect(() => db!.prepare('DELETE FROM candidates WHERE id = ?').run(c[0])).toThrow(/violates foreign key constraint "grades_candidate_id_fkey" on table "grades"/);
    expect(() => db!.prepare('UPDATE candidates SET id = 999999 WHERE id = ?').run(c[0])).toThrow(fkError('grades_candidate_id_fkey'));
    expect(() => db!.exec('TRUNCATE batches')).toThrow(fkError('grades_batch_id_fkey'));
    db!.prepare("UPDATE candidates SET status = 'absent' WHERE id = ?").run(c[0]);
    db!.prepare('DELETE FROM candidates WHERE id = ?').run(c[2]);
    expect(db!.prepare('SELECT count(*) AS n FROM candidates').get()).toEqual({ n: 2 });
    expect(db!.prepare('SELECT count(*) AS n FROM batches').get()).toEqual({ n: 1 });
  });

  it('a delete waiting on a write that then commits is refused; a write waiting on a delete that then commits is refused', async () => {
    const { url, c, admin } = office();
    const [writer, deleter, watcher] = [await client(url), await client(url), await client(url)];
    const pidOf = async (k: pg.Client) => (await k.query('SELECT pg_backend_pid() AS p')).rows[0].p as number;
    const [writerPid, deleterPid] = [await pidOf(writer), await pidOf(deleter)];
    const insert = "INSERT INTO grades (candidate_id, grade, source, updated_by, updated_at) VALUES ($1, 'B', 'direct', $2, 'now')";

    // the write first: the delete waits for it, then finds the new grade
    await writer.query('BEGIN');
    await writer.query(insert, [c[0], admin]);
    const deleting = deleter.query('DELETE FROM candidates WHERE id = $1', [c[0]]).then(() => null, (e: unknown) => e);
    await waitingForLock(watcher, deleterPid);
    await writer.query('COMMIT');
    expect(await deleting).toMatchObject({ code: '23503', constraint: 'grades_candidate_id_fkey' });

    // the delete first: the write waits for it, then finds the candidate gone
    await deleter.query('BEGIN');
    await deleter.query('DELETE FROM candidates WHERE id = $1', [c[1]]);
    const writing = writer.query(insert, [c[1], admin]).then(() => null, (e: unknown) => e);
    await waitingForLock(watcher, writerPid);
    await deleter.query('COMMIT');
    expect(await writing).toMatchObject({ code: '23503', constraint: 'grades_candidate_id_fkey' });

    const left = await watcher.query('SELECT g.candidate_id FROM grades g WHERE NOT EXISTS (SELECT FROM candidates k WHERE k.id = g.candidate_id)');
    expect(left.rows).toEqual([]);
  });

  it('refuses deleting referenced rows under REPEATABLE READ, where a reference committed meanwhile would go unseen', async () => {
    const { url, c } = office();
    const k = await client(url);
    await k.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    expect(await k.query('DELETE FROM candidates WHERE id = $1', [c[2]]).then(() => null, (e: unknown) => e)).toMatchObject({
      code: '0A000',
      message: expect.stringMatching(/only under READ COMMITTED/),
    });
    await k.query('ROLLBACK');
    expect(db!.prepare('SELECT count(*) AS n FROM candidates').get()).toEqual({ n: 3 });
  });

  it('db check finds a grade pointing nowhere behind the checks’ back, and names the disabled check (5)', () => {
    const { url, admin } = office();
    db!.exec('ALTER TABLE grades DISABLE TRIGGER grades_refs_inserted');
    grade(999_999, admin);
    const r = spawnSync(process.execPath, [BIN, '--db', asLogin(url, 'admin')!, '--json', 'db', 'check'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(5);
    const out = JSON.parse(r.stdout);
    expect(out.foreignKeys).toEqual([expect.objectContaining({ table: 'grades', parent: 'candidates' })]);
    expect(out.integrity).toEqual(['trigger grades_refs_inserted, which checks references, is disabled']);
  });
});
