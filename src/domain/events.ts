import type { Db } from '../db/open.js';

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
  db.prepare(
    `INSERT INTO events (at, actor_id, kind, exam_id, subject_user_id, subject, old, new)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(e.at, e.actorId, e.kind, e.examId ?? null, e.subjectUserId ?? null, e.subject ?? null, json(e.old), json(e.new));
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

export function listEvents(db: Db, f: EventFilter = {}): EventRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.examId !== undefined) (where.push('e.exam_id = ?'), params.push(f.examId));
  if (f.userId !== undefined) (where.push('(e.actor_id = ? OR e.subject_user_id = ?)'), params.push(f.userId, f.userId));
  if (f.since !== undefined) (where.push('e.at >= ?'), params.push(f.since));
  if (f.kind !== undefined) (where.push('(e.kind = ? OR e.kind LIKE ?)'), params.push(f.kind, `${f.kind}.%`));
  const sql = `SELECT e.id, e.at, a.username AS actor, e.kind, x.code AS test, s.username AS user,
                      e.subject, e.old, e.new
               FROM events e
               LEFT JOIN users a ON a.id = e.actor_id
               LEFT JOIN users s ON s.id = e.subject_user_id
               LEFT JOIN exams x ON x.id = e.exam_id
               ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
               ORDER BY e.id ${f.limit ? 'LIMIT ' + Number(f.limit) : ''}`;
  return (db.prepare(sql).all(...params) as Array<Omit<EventRow, 'old' | 'new'> & { old: string | null; new: string | null }>).map(
    (r) => ({ ...r, old: r.old === null ? null : JSON.parse(r.old), new: r.new === null ? null : JSON.parse(r.new) }),
  );
}
