import type { Db } from '../../db/open.js';
import { UsageError } from '../../errors.js';
import { countEvents, iterateEvents, type EventRow } from './events.js';
import { requireExam } from '../exams/exams.js';
import { hasRole, requireUser } from '../people/users.js';
import type { User } from '../people/user.js';
import { requireRole } from '../access/access.js';

export interface LogQuery {
  test?: string;
  /** Events by this user or about it. */
  user?: string;
  /** A date (local midnight) or an ISO 8601 time. */
  since?: string;
  /** An event kind or its prefix: `grades` matches grades.import, grades.confirm... */
  kind?: string;
  limit?: number;
}

/**
 * `--since`: `2026-05-01` is that day's start in local time; a time without an offset is local
 * time; one with an offset or `Z` is exact. Returns the UTC ISO string events are stored with.
 */
export function parseSince(text: string): string {
  const s = text.trim();
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  let d: Date;
  if (dateOnly) {
    const [y, m, day] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    d = new Date(y, m - 1, day);
    if (d.getFullYear() !== y || d.getMonth() !== m - 1 || d.getDate() !== day) d = new Date(NaN);
  } else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s)) {
    d = new Date(s.replace(' ', 'T'));
    // JavaScript rolls 2026-02-30 over into March and 24:00 into the next day: refuse them instead.
    const [, y, mo, da, h, mi, se] = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(s)!.map(Number);
    const day = new Date(Date.UTC(y, mo - 1, da));
    if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== da || h > 23 || mi > 59 || (se || 0) > 59) d = new Date(NaN);
  } else d = new Date(NaN);
  if (Number.isNaN(d.getTime())) {
    throw new UsageError(`--since: "${text}" is not a date; expected YYYY-MM-DD or an ISO 8601 time such as 2026-05-01T08:00 or 2026-05-01T08:00:00Z`);
  }
  return d.toISOString();
}

/**
 * Reads the event log. Who may: user administrators, planners and reporters (the log shows
 * personal data and grades, so graders, authors and invigilators may not).
 */
export function readLog(db: Db, actor: User, q: LogQuery): EventRow[] {
  return [...streamLog(db, actor, q).events];
}

/**
 * The log as a stream of events, oldest first, each shown as the reader may see it, and how many
 * match in all (for a reader shown only the newest). Rights and filters are checked before the
 * first event is read.
 */
export function streamLog(db: Db, actor: User, q: LogQuery): { events: Iterable<EventRow>; total: () => number } {
  if (!(['user-administrator', 'planner', 'reporter'] as const).some((r) => hasRole(actor, r))) {
    requireRole(actor, 'user-administrator', 'read the event log (user administrators, planners and reporters may)');
  }
  const since = q.since !== undefined ? parseSince(q.since) : undefined;
  const examId = q.test !== undefined ? requireExam(db, q.test).id : undefined;
  const userId = q.user !== undefined ? requireUser(db, q.user).id : undefined;
  if (q.limit !== undefined && (!Number.isInteger(q.limit) || q.limit < 1)) throw new UsageError('--limit takes a whole number above 0');
  const filter = { examId, userId, since, kind: q.kind };
  function* events(): Generator<EventRow> {
    for (const e of iterateEvents(db, { ...filter, limit: q.limit })) yield hidePrivateMarks(e, actor.username);
  }
  return { events: events(), total: () => countEvents(db, filter) };
}

/**
 * A grader's private mark is seen by others only through `grades list` once shared: the
 * log keeps its value (the audit trail) but shows it to that grader alone. Events about a private
 * mark carry `mark: <grader>` in their old or new value.
 */
function hidePrivateMarks(e: EventRow, reader: string): EventRow {
  const hide = (v: unknown) =>
    v !== null && typeof v === 'object' && 'mark' in v && (v as { mark: unknown }).mark !== reader
      ? { mark: (v as { mark: unknown }).mark, private: true }
      : v;
  return { ...e, old: hide(e.old), new: hide(e.new) };
}
