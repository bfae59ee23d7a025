import { ConflictError, NotPermittedError, UsageError } from '../../errors.js';
import { isDay, osloDay } from './calendar.js';

/**
 * The day something happened, as recorded: today by default; an earlier day (offices often record
 * late) only by those who may date a record, never a day in the future.
 */
export function recordedDay(
  text: string | undefined,
  what: string,
  now: Date,
  mayBackdate: { may: boolean; who: string; why: string },
): string {
  const today = osloDay(now);
  if (text === undefined) return today;
  const t = text.trim();
  if (!isDay(t)) throw new UsageError(`${what} ${JSON.stringify(text)}: expected a date YYYY-MM-DD`);
  if (t > today) throw new UsageError(`${what} ${t} is in the future (today is ${today}); nothing changed`);
  if (!mayBackdate.may && t !== today) throw new NotPermittedError(`${mayBackdate.who} may not date this record ${t}: ${mayBackdate.why}`);
  return t;
}

/** Refuses a request or appeal past its deadline, naming it. */
export function requireInTime(day: string, deadline: string, what: string): void {
  if (day > deadline) throw new ConflictError(`${what} is late: the deadline was ${deadline} (received ${day}); nothing changed`);
}
