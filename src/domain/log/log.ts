import { engineOf, type Db } from '../../db/open.js';
import { UsageError } from '../../errors.js';
import { requireTime } from '../time.js';
import { given, say } from '../words.js';
import { countEvents, iterateEvents, type EventFilter, type EventRow } from './store.js';
import { eventTexts, type EventForm } from './store-json.js';
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
 * match in all (for a reader shown only the newest). The masks here are the ones store-json.ts
 * writes in SQL: a test holds the two to the same text.
 */
export function streamLog(db: Db, actor: User, q: LogQuery): { events: Iterable<EventRow>; total: () => number } {
  const { filter, blind } = openLog(db, actor, q);
  const shown = new Set(blind.map(([test, number]) => `${test}\u0000${number}`));
  function* events(): Generator<EventRow> {
    for (const e of iterateEvents(db, { ...filter, limit: q.limit })) yield shownEvent(e, actor.username, shown);
  }
  return { events: events(), total: () => countEvents(db, filter) };
}

/**
 * The same events as `streamLog`, shown the same way, as pieces of JSON text (see `eventTexts`):
 * written by SQLite a window at a time, for `--json` and `--jsonl` of a log of millions.
 */
export function streamLogText(db: Db, actor: User, q: LogQuery, form: EventForm): Iterable<string> {
  // A server's JSON functions are not SQLite's: there the events are stringified here, a batch at a time.
  if (engineOf(db) === 'postgres') return textsOf(streamLog(db, actor, q).events, form);
  const { filter, blind } = openLog(db, actor, q);
  return eventTexts(db, { ...filter, limit: q.limit }, { readerId: actor.id, reader: actor.username, blind }, form);
}

/** The pieces eventTexts writes, from events read one at a time: the same text, JSON.stringify's. */
function* textsOf(events: Iterable<EventRow>, form: EventForm): Generator<string> {
  let batch: string[] = [];
  const piece = () => (form === 'lines' ? batch.join('\n') + '\n' : batch.join(',\n  '));
  for (const e of events) {
    batch.push(form === 'lines' ? JSON.stringify(e) : JSON.stringify(e, null, 2).replace(/\n/g, '\n  '));
    if (batch.length === 1000) {
      yield piece();
      batch = [];
    }
  }
  if (batch.length) yield piece();
}

/** Rights and filters, checked before the first event is read; and whose appeals the reader grades blind. */
function openLog(db: Db, actor: User, q: LogQuery): { filter: EventFilter; blind: [string, string][] } {
  if (!(['user-administrator', 'planner', 'reporter'] as const).some((r) => hasRole(actor, r))) {
    requireRole(actor, 'user-administrator', 'read the event log (user administrators, planners and reporters may)');
  }
  const since = q.since !== undefined ? parseSince(q.since) : undefined;
  const examId = q.test !== undefined ? requireExam(db, q.test).id : undefined;
  const userId = q.user !== undefined ? requireUser(db, q.user).id : undefined;
  if (q.limit !== undefined && (!Number.isInteger(q.limit) || q.limit < 1)) throw new UsageError(say`${given('limit')} takes a whole number above 0`);
  const blind = appellantsOfGrader(db, actor.id).map((a): [string, string] => [a.test, a.number]);
  return { filter: { examId, userId, since, kind: q.kind }, blind };
}

/** An event as its reader sees it; `blind` holds `test\u0000number` of the appellants it grades blind. */
export function shownEvent(e: EventRow, reader: string, blind: ReadonlySet<string>): EventRow {
  return hideFromAppealGrader(hidePrivateMarks(e, reader), reader, blind);
}

/**
 * An appeal grader grades blind: what others recorded about its appellants (the original grade,
 * the explanation, the appeal's reason) is shown without its values.
 */
function hideFromAppealGrader(e: EventRow, reader: string, blind: ReadonlySet<string>): EventRow {
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
