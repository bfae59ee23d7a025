import type { Db } from '../../db/open.js';
import { NotFoundError } from '../../errors.js';
import { findCandidate, gradedCandidates, type Candidate, type CandidateStatus } from './store.js';

export { CANDIDATE_STATUSES, findCandidate, iterateCandidates, listCandidates, type Candidate, type CandidateStatus } from './store.js';

export function requireCandidate(db: Db, exam: { id: number; code: string }, number: string): Candidate {
  const c = findCandidate(db, exam.id, number);
  if (!c) throw new NotFoundError(`no candidate ${number} on test ${exam.code}`);
  return c;
}

/**
 * On a grade registration test only candidates who attended or submitted take a grade;
 * on other tests absent and withdrawn candidates take none. Returns why not, or null.
 */
export function whyNoGrade(exam: { registration: boolean }, status: CandidateStatus): string | null {
  if (exam.registration) {
    return status === 'attended' || status === 'submitted'
      ? null
      : `candidate is ${status}: on a grade registration test only attended or submitted candidates take a grade`;
  }
  return status === 'absent' || status === 'withdrawn' ? `candidate is ${status} and takes no grade` : null;
}

/**
 * Candidates that hold a grade or a private mark but would take none under the given setting and
 * status: changing a status or the registration flag must not leave such a grade behind.
 */
export function gradedButBarred(
  db: Db,
  exam: { id: number; registration: boolean },
  status?: { ids: Set<number>; to: CandidateStatus },
): { id: number; number: string; reason: string }[] {
  const graded = gradedCandidates(db, exam.id);
  const barred: { id: number; number: string; reason: string }[] = [];
  for (const c of graded) {
    const reason = whyNoGrade(exam, status?.ids.has(c.id) ? status.to : c.status);
    if (reason) barred.push({ id: c.id, number: c.number, reason });
  }
  return barred;
}
