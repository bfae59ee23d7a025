
/**
 * Rules about a test's settings that need no database: start times (ISO 8601, local when no
 * offset is given), durations and the mid-term rules.
 */

import { parseTime } from '../time.js';
import { given, say, type Words } from '../words.js';

export { formatLocal, localIso } from '../time.js';

/** A test's start as given (see parseTime): the text to store and the Date, or null when it is none. */
export function parseStart(text: string): { iso: string; date: Date } | null {
  return parseTime(text);
}

/** A stored start (always with an offset) as a Date. */
export function startDate(stored: string): Date {
  return new Date(stored);
}

/** A positive whole number of minutes, or null. */
export function parseDuration(text: string | number): number | null {
  const s = String(text).trim();
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}

export const MIDTERM_MIN_MINUTES = 120;

export interface MidtermSettings {
  midterm: boolean;
  duration: number | null;
  countsTowardFinal: boolean;
  compulsory: boolean;
  digital: boolean;
  seb: boolean;
}

/** Every mid-term rule the settings break, each as one sentence naming the value that fixes it. */
export function midtermViolations(s: MidtermSettings): Words[] {
  if (!s.midterm) return [];
  const broken: Words[] = [];
  if (s.duration === null || s.duration < MIDTERM_MIN_MINUTES) {
    broken.push(
      say`a mid-term test must last at least ${MIDTERM_MIN_MINUTES} minutes (${s.duration === null ? 'no duration set' : `it lasts ${s.duration}`}): ${given('duration')} ${MIDTERM_MIN_MINUTES} or more`,
    );
  }
  if (!s.countsTowardFinal) broken.push(say`a mid-term test must count towards the final grade: ${given('countsTowardFinal')}`);
  if (!s.compulsory) broken.push(say`a mid-term test must have compulsory attendance: ${given('compulsory')}`);
  if (s.digital && !s.seb) broken.push(say`a digital mid-term test must run in Safe Exam Browser: ${given('seb')}`);
  return broken;
}
