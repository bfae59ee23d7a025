import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { UsageError, ValidationError } from '../../errors.js';
import { requireExamRole } from '../access/access.js';
import { requireExam, type Exam } from '../exams/exams.js';
import type { ExamSettingsInput } from '../exams/settings.js';
import { updateExam, type UpdateResult } from '../exams/update.js';
import { visibleExams } from '../exams/visible.js';
import { recordEvent } from '../log/events.js';
import type { User } from '../people/users.js';
import { addDays, daysBetween, isDay, nextWorkingDay, osloDay } from './calendar.js';
import { openCommittees, readDeadline, writeDeadline } from './store.js';

/**
 * The grading deadline: three weeks after the exam day (the same weekday three weeks on), moved to
 * the next working day when it falls on a Saturday, a Sunday or a public holiday; or the date a
 * planner set, with its reason (a thesis may take longer). A test with no start has no exam day:
 * it has a deadline only when a planner sets one.
 */

export const GRADING_WEEKS = 3;

/** The deadline that follows from the exam day alone. */
export function defaultDeadline(examDay: string): string {
  return nextWorkingDay(addDays(examDay, GRADING_WEEKS * 7));
}

export interface Deadline {
  /** YYYY-MM-DD, or null: no exam day and none set. */
  deadline: string | null;
  /** The exam day in Norway, from the test's start. */
  examDay: string | null;
  /** Set by a planner (with a reason) rather than following from the exam day. */
  set: boolean;
  reason: string | null;
}

export function deadlineFrom(start: string | null, stored: { deadline: string | null; reason: string | null }): Deadline {
  const examDay = start === null ? null : osloDay(new Date(start));
  if (stored.deadline !== null) return { deadline: stored.deadline, examDay, set: true, reason: stored.reason };
  return { deadline: examDay === null ? null : defaultDeadline(examDay), examDay, set: false, reason: null };
}

export function deadlineOf(db: Db, exam: Pick<Exam, 'id' | 'start'>): Deadline {
  return deadlineFrom(exam.start, readDeadline(db, exam.id));
}

/** A calendar date a user gives, or a usage error naming the value. */
export function requireDay(text: string, what: string): string {
  const t = text.trim();
  if (!isDay(t)) throw new UsageError(`${what} ${JSON.stringify(text)}: expected a date YYYY-MM-DD`);
  return t;
}

/**
 * A planner sets the grading deadline (a working day is not required: the planner chose it), with
 * the reason, which is logged with the old and new deadline.
 */
export function setGradingDeadline(db: Db, actor: User, code: string, date: string, reason: string | undefined, now: Date): Deadline {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `set the grading deadline of test ${exam.code}`);
  const day = requireDay(date, 'grading deadline');
  const why = reason?.trim() ?? '';
  if (why === '') throw new ValidationError(`a grading deadline set by hand needs its reason; nothing changed`);
  return writeTx(db, () => {
    const before = deadlineOf(db, exam);
    writeDeadline(db, exam.id, day, why);
    recordEvent(db, {
      actorId: actor.id,
      kind: 'tests.grading-deadline',
      at: now.toISOString(),
      examId: exam.id,
      subject: exam.code,
      old: { deadline: before.deadline, set: before.set, reason: before.reason },
      new: { deadline: day, set: true, reason: why },
    });
    return deadlineOf(db, exam);
  });
}

export interface DeadlineRow {
  test: string;
  committee: string | null;
  appeal: boolean;
  deadline: string | null;
  /** Days from today to the deadline; negative when overdue. */
  daysLeft: number | null;
  overdue: boolean;
  /** Candidates that take a grade and have none confirmed. */
  open: number;
  set: boolean;
  reason: string | null;
}

export interface DeadlineQuery {
  within?: number;
  overdue?: boolean;
}

/**
 * Over every test the actor may see, the committees whose grading is not confirmed, soonest
 * deadline first. `within` keeps those due in at most that many days (overdue ones included);
 * `overdue` those past their deadline.
 */
export function listDeadlines(db: Db, actor: User, q: DeadlineQuery, now: Date): DeadlineRow[] {
  if (q.within !== undefined && (!Number.isInteger(q.within) || q.within < 0)) {
    throw new UsageError(`within ${q.within}: expected a whole number of days, 0 or more`);
  }
  const today = osloDay(now);
  const rows = openCommittees(db, visibleExams(actor)).map((r): DeadlineRow => {
    // An appeal committee grades to the appeals' own deadline: three weeks after the latest came.
    const d: Deadline = r.appeal && r.appealReceived !== null
      ? { deadline: defaultDeadline(r.appealReceived), examDay: null, set: false, reason: null }
      : deadlineFrom(r.start, r);
    const daysLeft = d.deadline === null ? null : daysBetween(today, d.deadline);
    return {
      test: r.code,
      committee: r.committee,
      appeal: r.appeal,
      deadline: d.deadline,
      daysLeft,
      overdue: daysLeft !== null && daysLeft < 0,
      open: r.open,
      set: d.set,
      reason: d.reason,
    };
  });
  return rows
    .filter((r) => (!q.overdue || r.overdue) && (q.within === undefined || (r.daysLeft !== null && r.daysLeft <= q.within)))
    .sort((a, b) => (a.deadline ?? '9999') .localeCompare(b.deadline ?? '9999') || a.test.localeCompare(b.test) || (a.committee ?? '').localeCompare(b.committee ?? ''));
}

/** A test's settings and its grading deadline changed in one step: both, or neither. */
export function updateWithDeadline(
  db: Db,
  actor: User,
  code: string,
  input: ExamSettingsInput,
  deadline: { date: string; reason: string | undefined },
  now: Date,
): UpdateResult {
  return writeTx(db, () => {
    const before = deadlineOf(db, requireExam(db, code));
    const after = setGradingDeadline(db, actor, code, deadline.date, deadline.reason, now);
    const r = updateExam(db, actor, code, input, now);
    if (before.deadline === after.deadline && before.set) return r;
    return { ...r, changed: { ...r.changed, gradingDeadline: { old: before.deadline, new: after.deadline } } };
  });
}
