import type { Db } from '../../db/open.js';
import { runInSets, type SetColumn } from '../../db/sets.js';
import { stmt } from '../../db/statements.js';

/**
 * The event log as stored: appended to in the transaction of each change, read oldest first.
 * No rules here: who may read it, and what a reader is shown, is log.ts's.
 */

/** One entry of the event log. Kinds are named after the verb that made them: `users.add`, `grades.import`. */
export interface EventInput {
  actorId: number | null;
  kind: string;
  at: string;
  examId?: number | null;
  subjectUserId?: number | null;
  subject?: string | null;
  old?: unknown;
  new?: unknown;
}

export interface EventRow {
  id: number;
  at: string;
  actor: string | null;
  kind: string;
  test: string | null;
  user: string | null;
  subject: string | null;
  old: unknown;
  new: unknown;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** Appends an event. Call it inside the same transaction as the change it records. */
export function recordEvent(db: Db, e: EventInput): void {
  stmt(
    db,
    `INSERT INTO events (at, actor_id, kind, exam_id, subject_user_id, subject, old, new)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(e.at, e.actorId, e.kind, e.examId ?? null, e.subjectUserId ?? null, e.subject ?? null, json(e.old), json(e.new));
}

const EVENT_COLUMNS: readonly SetColumn<EventInput>[] = [
  { name: 'at', type: 'text', of: (e) => e.at },
  { name: 'a', type: 'integer', of: (e) => e.actorId },
  { name: 'k', type: 'text', of: (e) => e.kind },
  { name: 'x', type: 'integer', of: (e) => e.examId ?? null },
  { name: 'u', type: 'integer', of: (e) => e.subjectUserId ?? null },
  { name: 's', type: 'text', of: (e) => e.subject ?? null },
  { name: 'o', type: 'text', of: (e) => json(e.old) },
  { name: 'n', type: 'text', of: (e) => json(e.new) },
];

/** Appends many events, in their order, as sets (src/db/sets.ts): the same rows as recordEvent for each. */
export function recordEvents(db: Db, events: readonly EventInput[]): void {
  runInSets(
    db,
    events,
    EVENT_COLUMNS,
    (from) => `INSERT INTO events (at, actor_id, kind, exam_id, subject_user_id, subject, old, new) SELECT t.at, t.a, t.k, t.x, t.u, t.s, t.o, t.n FROM ${from}`,
  );
}

export interface EventFilter {
  examId?: number;
  /** Events by this user or about this user. */
  userId?: number;
  /** ISO time; events at or after it. */
  since?: string;
  kind?: string;
  limit?: number;
}

/**
 * The conditions of a filter, each answered through an index. With `window`, they also bound the
 * ids to `@from`..`@to` (inside the user's two lookups too), so that reading a window costs what it
 * returns: how the log is written out in pieces (store-json.ts).
 */
export function eventConditions(f: EventFilter, window = false): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const ids = window ? ' AND id BETWEEN @from AND @to' : '';
  if (f.examId !== undefined) (where.push('e.exam_id = @exam'), (params.exam = f.examId));
  if (f.userId !== undefined) {
    // Two indexed lookups merged, not one scan testing both columns.
    where.push(`e.id IN (SELECT id FROM events WHERE actor_id = @user${ids} UNION SELECT id FROM events WHERE subject_user_id = @user${ids})`);
    params.user = f.userId;
  }
  if (f.since !== undefined) {
    // Events are written in time order, so the first one at or after `since` bounds the ids to read:
    // a range of the primary key from there, never the whole log. The bound is the least id among
    // the matching events, so it never drops one, even had a clock gone back. A window starts there.
    where.push(window ? 'e.at >= @since' : 'e.at >= @since AND e.id >= (SELECT coalesce(min(id), 0) FROM events WHERE at >= @since)');
    params.since = f.since;
  }
  if (f.kind !== undefined) {
    // `grades` is grades itself and every grades.*: a range of the kind index ('/' follows '.').
    where.push('(e.kind = @kind OR (e.kind > @kindFrom AND e.kind < @kindTo))');
    Object.assign(params, { kind: f.kind, kindFrom: `${f.kind}.`, kindTo: `${f.kind}/` });
  }
  if (window) where.push('e.id BETWEEN @from AND @to');
  return { where, params };
}

/** The statement behind every reading of the log event by event: each filter through an index, oldest first. */
export function eventQuery(f: EventFilter): { sql: string; params: Record<string, unknown> } {
  const { where, params } = eventConditions(f);
  const filter = where.length ? 'WHERE ' + where.join(' AND ') : '';
  // Names are looked up once each by the reader (a few hundred users act), not joined on every row.
  const select = `SELECT e.id, e.at, e.actor_id, e.kind, e.exam_id, e.subject_user_id, e.subject, e.old, e.new
               FROM events e
               ${filter}`;
  // The newest `limit` events, still oldest first.
  const sql = f.limit ? `SELECT * FROM (${select} ORDER BY e.id DESC LIMIT ${Number(f.limit)}) AS newest ORDER BY id` : `${select} ORDER BY e.id`;
  return { sql, params };
}

type StoredEvent = [id: number, at: string, actorId: number | null, kind: string, examId: number | null, userId: number | null, subject: string | null, old: string | null, new: string | null];

/** id → name, read on first use and kept for the rest of the reading. */
function namesBy(db: Db, sql: string): (id: number | null) => string | null {
  const stmt = db.prepare(sql).pluck();
  const seen = new Map<number, string | null>();
  return (id) => {
    if (id === null) return null;
    let name = seen.get(id);
    if (name === undefined) {
      name = (stmt.get(id) as string | undefined) ?? null;
      seen.set(id, name);
    }
    return name;
  };
}

/** The events one at a time, as SQLite returns them: memory stays one event whatever the log holds. */
export function* iterateEvents(db: Db, f: EventFilter = {}): Generator<EventRow> {
  const { sql, params } = eventQuery(f);
  const user = namesBy(db, 'SELECT username FROM users WHERE id = ?');
  const exam = namesBy(db, 'SELECT code FROM exams WHERE id = ?');
  for (const r of db.prepare(sql).raw().iterate(params) as IterableIterator<StoredEvent>) {
    yield {
      id: r[0],
      at: r[1],
      actor: user(r[2]),
      kind: r[3],
      test: exam(r[4]),
      user: user(r[5]),
      subject: r[6],
      old: r[7] === null ? null : JSON.parse(r[7]),
      new: r[8] === null ? null : JSON.parse(r[8]),
    };
  }
}

/** How many events the filter matches. */
export function countEvents(db: Db, f: EventFilter = {}): number {
  const { sql, params } = eventQuery({ ...f, limit: undefined });
  return (db.prepare(`SELECT count(*) AS n FROM (${sql}) AS matching`).get(params) as { n: number }).n;
}
