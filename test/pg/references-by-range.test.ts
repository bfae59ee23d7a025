import { afterEach, describe, expect, it } from 'vitest';
import { freshDbPath, openDb } from '../helpers.js';
import { serverConnections } from './connections.js';
import { ON_PG } from '../engine.js';
import type { Db } from '../../src/db/open.js';

/**
 * On a server an insert's references are counted by range when every id of the range is there
 * (migration 006), else looked up value by value; under REPEATABLE READ they are locked row by row.
 * A gap in the range must not let a missing row through, and an old snapshot must not either.
 */
let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});
const client = serverConnections();

/** A database with a test and `n` candidates (ids returned, in order); its URL and the admin's id. */
function office(n: number): { url: string; c: number[]; admin: number } {
  const url = freshDbPath('admin');
  db = openDb(url);
  const admin = (db.prepare("SELECT id FROM users WHERE username = 'admin'").get() as { id: number }).id;
  const exam = (db.prepare(
    "INSERT INTO exams (code, course, year, term, title, scale, created_by, created_at) VALUES ('T', 'C', 2026, 'spring', 'T', 'letter', ?, 'now') RETURNING id",
  ).get(admin) as { id: number }).id;
  const c = db
    .prepare("INSERT INTO candidates (exam_id, number, status) SELECT ?, CAST(k AS text), 'submitted' FROM generate_series(1, ?) AS k RETURNING id")
    .all(exam, n)
    .map((r) => (r as { id: number }).id)
    .sort((a, b) => a - b);
  return { url, c, admin };
}

const INSERT_SET = "INSERT INTO grades (candidate_id, grade, source, updated_by, updated_at) SELECT x, 'C', 'import', ?, 'now' FROM unnest(CAST(? AS integer[])) x";
const count = () => (db!.prepare('SELECT count(*) AS n FROM grades').get() as { n: number }).n;

describe.runIf(ON_PG)('PostgreSQL: references counted by range', () => {
  it('takes a set whose range has a gap only when every value it names is there, and names the one that is not', () => {
    const { c, admin } = office(50);
    db!.prepare('DELETE FROM candidates WHERE id = ?').run(c[20]);
    const present = c.filter((_, i) => i !== 20);
    expect(() => db!.prepare(INSERT_SET).run(admin, c)).toThrow(
      expect.objectContaining({ code: '23503', detail: `Key (candidate_id)=(${c[20]}) is not present in table "candidates".` }),
    );
    expect(count()).toBe(0);
    db!.prepare(INSERT_SET).run(admin, present);
    expect(count()).toBe(49);
  });

  it('refuses a set naming a row past the end of a whole range', () => {
    const { c, admin } = office(30);
    const past = c[29]! + 1;
    expect(() => db!.prepare(INSERT_SET).run(admin, [...c.slice(10), past])).toThrow(
      expect.objectContaining({ code: '23503', detail: `Key (candidate_id)=(${past}) is not present in table "candidates".` }),
    );
    expect(count()).toBe(0);
  });

  it('under REPEATABLE READ, a write to a row deleted since its snapshot is refused, not left pointing nowhere', async () => {
    const { url, c, admin } = office(5);
    const writer = await client(url);
    await writer.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await writer.query('SELECT count(*) FROM candidates');
    db!.prepare('DELETE FROM candidates WHERE id = ?').run(c[2]);
    const e = await writer
      .query("INSERT INTO grades (candidate_id, grade, source, updated_by, updated_at) SELECT x, 'C', 'import', $1, 'now' FROM unnest($2::integer[]) x", [admin, c])
      .then(() => null, (err: unknown) => err);
    expect(e).toMatchObject({ code: expect.stringMatching(/^(40001|23503)$/) });
    await writer.query('ROLLBACK');
    expect(count()).toBe(0);
  });
});
