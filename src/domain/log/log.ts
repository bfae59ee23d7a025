import type { Db } from '../../db/open.js';
import { UsageError } from '../../errors.js';
import { requireTime } from '../time.js';
import { given, say } from '../words.js';
import { countEvents, iterateEvents, type EventRow } from './store.js';
import { requireExam } from '../exams/exams.js';
import { hasRole, requireUser } from '../people/users.js';
import type { User } from '../people/user.js';
import { requireRole } from '../access/access.js';
import { appellantsOfGrader } from '../results/store.js';

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

/** The log's since: a date or time as parseTime reads it, as the UTC ISO string events are stored with. */
export function parseSince(text: string): string {
  return requireTime(text, 'since').date.toISOString();
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
  if (q.limit !== undefined && (!Number.isInteger(q.limit) || q.limit < 1)) throw new UsageError(say`${given('limit')} takes a whole number above 0`);
  const filter = { examId, userId, since, kind: q.kind };
  const blind = new Set(appellantsOfGrader(db, actor.id).map((a) => `${a.test}\u0000${a.number}`));
  function* events(): Generator<EventRow> {
    for (const e of iterateEvents(db, { ...filter, limit: q.limit })) yield hideFromAppealGrader(hidePrivateMarks(e, actor.username), actor.username, blind);
  }
  return { events: events(), total: () => countEvents(db, filter) };
}

/**
 * An appeal grader grades blind: what others recorded about its appellants (the original grade,
 * the explanation, the appeal's reason) is shown without its values.
 */
function hideFromAppealGrader(e: EventRow, reader: string, blind: Set<string>): EventRow {
  if (blind.size === 0 || e.actor === reader || !blind.has(`${e.test}\u0000${e.subject}`)) return e;
  return { ...e, old: e.old === null ? null : { hidden: 'appeal' }, new: e.new === null ? null : { hidden: 'appeal' } };
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
