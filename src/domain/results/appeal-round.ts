import type { Db } from '../../db/open.js';
import { LETTERS } from '../grading/scales.js';
import { appealsOf, decideAppeal, undecideAppeal, type AppealRow } from './store.js';

/** What the grading workflow asks of an appeal: whether its grade may be confirmed, and its decision. */

/** On a letter scale, an appeal grade this many steps or more from the original waits for a further assessment. */
export const FURTHER_ASSESSMENT_STEPS = 2;

const stepsBetween = (a: string | null, b: string | null): number | null => {
  const i = LETTERS.indexOf(a as (typeof LETTERS)[number]);
  const j = LETTERS.indexOf(b as (typeof LETTERS)[number]);
  return i < 0 || j < 0 ? null : Math.abs(i - j);
};

/**
 * Whether the appeal grade waits for a further assessment: on a letter scale, a grade two or more
 * steps from the original, until a planner's further assessment settles on it.
 */
export function needsFurtherAssessment(a: AppealRow | undefined, grade: string | null): boolean {
  if (!a || !a.original || a.decidedAt !== null) return false;
  const steps = stepsBetween(a.original.grade, grade);
  if (steps === null || steps < FURTHER_ASSESSMENT_STEPS) return false;
  return a.settledGrade !== grade;
}

/** The test's appeals by candidate id, for rules that look at many candidates at once. */
export function appealsByCandidate(db: Db, examId: number): Map<number, AppealRow> {
  return new Map(appealsOf(db, examId).map((a) => [a.candidateId, a]));
}

/** A locked appeal grade decides its appeal. */
export function appealConfirmed(db: Db, candidateId: number, at: string): void {
  decideAppeal(db, candidateId, at);
}

/** A reopened appeal grade (before its transfer) is no longer decided. */
export function appealReopened(db: Db, candidateId: number): void {
  undecideAppeal(db, candidateId);
}
