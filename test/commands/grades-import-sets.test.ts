import { describe, expect, it } from 'vitest';
import { cli, openDb, writeTemp } from '../helpers.js';
import { gradesOf, seed, sql } from '../grades/setup.js';

/**
 * An import larger than one set of a set-based write (10,000 rows on a server, 1,000 on SQLite),
 * some of its grades new and some there already: refused for one bad row, it leaves nothing of the
 * file; landed, it is whole: every grade, the batch's counts as reported, its undo records in the
 * file's order, and an undo that restores exactly what was there.
 */
const N = 12_000;
const numbers = Array.from({ length: N }, (_, i) => String(100_000 + i));
const letter = (i: number) => 'ABCDE'[i % 5]!;
const file = (bad?: number) =>
  writeTemp(`large-${bad ?? 'good'}.csv`, ['Candidate number,Grade', ...numbers.map((n, i) => `${n},${i === bad ? 'Q' : letter(i)}`)].join('\n') + '\n');

/** A test with N candidates (made in one statement), the first 1,000 graded F directly. */
function office(): string {
  const db = seed({ candidates: [] });
  const k = openDb(db);
  k.transaction(() => {
    const exam = (k.prepare("SELECT id FROM exams WHERE code = 'T1'").get() as { id: number }).id;
    const admin = (k.prepare("SELECT id FROM users WHERE username = 'admin'").get() as { id: number }).id;
    k.prepare(
      `WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
       INSERT INTO candidates (exam_id, number, status) SELECT ?, CAST(100000 + i AS text), 'submitted' FROM s`,
    ).run(N - 1, exam);
    k.prepare(
      "INSERT INTO grades (candidate_id, grade, source, updated_by, updated_at) SELECT id, 'F', 'direct', ?, 'then' FROM candidates WHERE exam_id = ? AND number < ?",
    ).run(admin, exam, String(101_000));
  })();
  k.close();
  return db;
}

const count = (db: string, table: string) => (sql<{ n: number }>(db, `SELECT count(*) AS n FROM ${table}`)[0]!).n;

describe('a grades import of more rows than a set', () => {
  it('refused for one bad grade near its end, leaves nothing of the file', async () => {
    const db = office();
    const bad = 11_000;
    const r = await cli(['--json', 'grades', 'import', 'T1', file(bad)], { db, as: 'admin' });
    expect(r.code, r.stderr).toBe(2);
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ row: bad + 2, column: 'B (Grade)', value: 'Q' })]);
    expect(count(db, 'grades')).toBe(1000);
    expect(Object.values(gradesOf(db)).every((g) => g.grade === 'F' && g.source === 'direct')).toBe(true);
    expect(count(db, 'batches')).toBe(0);
    expect(count(db, 'batch_changes')).toBe(0);
    expect(sql(db, "SELECT kind FROM events WHERE kind LIKE 'grades.import%'")).toEqual([]);
  });

  it('lands whole: every grade, the counts as reported, the undo records in order; undo restores exactly', async () => {
    const db = office();
    const r = await cli(['--json', 'grades', 'import', 'T1', file()], { db, as: 'admin' });
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.counts).toEqual({ new: N - 1000, changed: 1000, unchanged: 0, empty: 0, errors: 0 });
    const grades = gradesOf(db);
    expect(numbers.every((n, i) => grades[n]?.grade === letter(i) && grades[n]?.source === 'import' && grades[n]?.batch_id === d.batch)).toBe(true);
    expect(sql<{ counts: string }>(db, 'SELECT counts FROM batches WHERE id = ?', d.batch).map((b) => JSON.parse(b.counts))).toEqual([d.counts]);
    const changes = sql<{ number: string; old: string | null }>(
      db,
      'SELECT c.number, bc.old FROM batch_changes bc JOIN candidates c ON c.id = bc.candidate_id WHERE bc.batch_id = ? ORDER BY bc.rowid',
      d.batch,
    );
    expect(changes.map((c) => c.number)).toEqual(numbers);
    expect(changes.filter((c) => c.old !== null).length).toBe(1000);

    const u = await cli(['grades', 'undo', String(d.batch)], { db, as: 'admin' });
    expect(u.code, u.stderr).toBe(0);
    const after = gradesOf(db);
    expect(Object.keys(after).length).toBe(1000);
    expect(Object.values(after).every((g) => g.grade === 'F' && g.source === 'direct')).toBe(true);
  });

  it('undone over an earlier import, gives every grade back as that import left it: its letter, source and batch', async () => {
    const db = office();
    const first = JSON.parse((await cli(['--json', 'grades', 'import', 'T1', file()], { db, as: 'admin' })).stdout).batch;
    const shifted = writeTemp('large-shifted.csv', ['Candidate number,Grade', ...numbers.map((n, i) => `${n},${letter(i + 1)}`)].join('\n') + '\n');
    const second = await cli(['--json', 'grades', 'import', 'T1', shifted], { db, as: 'admin' });
    expect(JSON.parse(second.stdout).counts).toMatchObject({ changed: N });
    const u = await cli(['grades', 'undo', String(JSON.parse(second.stdout).batch)], { db, as: 'admin' });
    expect(u.code, u.stderr).toBe(0);
    const grades = gradesOf(db);
    expect(numbers.filter((n, i) => !(grades[n]?.grade === letter(i) && grades[n]?.source === 'import' && grades[n]?.batch_id === first))).toEqual([]);
  });
});
