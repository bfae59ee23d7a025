import type { Db } from '../../db/open.js';
import { ConflictError, NotPermittedError } from '../../errors.js';
import { actsAs } from '../access/access.js';
import { requireCandidate, type Candidate } from '../candidates/candidates.js';
import { requireExam, type Exam } from '../exams/exams.js';
import type { User } from '../people/users.js';
import { publicationOf, registryOf } from './store.js';

/** Who may ask on a candidate's behalf, and what a published grade is. */

export interface OnBehalf {
  exam: Exam;
  candidate: Candidate;
  /** A planner on the test (who may also date the record). */
  planner: boolean;
}

/** Only the student linked to the candidate, or a planner on the test, may request or appeal. */
export function requireStudentOrPlanner(db: Db, actor: User, code: string, number: string, what: string): OnBehalf {
  const exam = requireExam(db, code);
  const candidate = requireCandidate(db, exam, number);
  const planner = actsAs(db, actor, exam, 'planner');
  const own = actor.active && candidate.studentId === actor.id;
  if (!planner && !own) {
    throw new NotPermittedError(
      `${actor.username} may not ${what} for candidate ${number} on ${exam.code}: only the student linked to the candidate or a planner on the test may`,
    );
  }
  return { exam, candidate, planner };
}

/** The day the candidate's grade was first published, or a conflict: nothing to ask about yet. */
export function requirePublished(db: Db, exam: Exam, candidate: Candidate, what: string): string {
  const p = publicationOf(db, candidate.id);
  if (!p) {
    throw new ConflictError(
      `cannot ${what} for candidate ${candidate.number} on ${exam.code}: the grade is not published (it has not been transferred to the student registry)`,
    );
  }
  return p.first;
}

/** Oral and practical tests: an explanation the same day, and no appeal. */
export const isOralOrPractical = (exam: Pick<Exam, 'kind'>) => exam.kind === 'oral' || exam.kind === 'practical';

/**
 * The grades among these that the registry holds as they are now: published, so locked for good
 * (an appeal or a planner's correction changes them, and the next transfer carries the change).
 */
export function inRegistry(
  db: Db,
  exam: Pick<Exam, 'id' | 'scale'>,
  grades: { candidateId: number; number: string; grade: string | null; points: number | null }[],
): { number: string; published: string }[] {
  const registry = registryOf(db, exam.id);
  const out: { number: string; published: string }[] = [];
  for (const g of grades) {
    const r = registry.get(g.candidateId);
    if (r && r.grade === g.grade && r.points === (exam.scale === 'points' ? g.points : null)) out.push({ number: g.number, published: r.lastPublished });
  }
  return out;
}
