import type { Db } from '../../db/open.js';
import { NotPermittedError, UsageError } from '../../errors.js';
import { actsAs } from '../access/access.js';
import { requireCandidate } from '../candidates/candidates.js';
import type { Exam } from '../exams/exams.js';
import type { User } from '../people/users.js';
import { requireCommitteeInfo } from './progress.js';
import { committeesOf, countCandidatesInNoCommittee, type CommitteeInfo } from './store.js';

/** Who may confirm what on a test: the scope of one `grades confirm`. */

export interface ConfirmOptions {
  committee?: string;
  candidate?: string;
}

/** A set of candidates confirmed together: a committee's, or those in no committee. */
export interface ConfirmUnit {
  /** null: the candidates in no committee. */
  committee: CommitteeInfo | null;
}

/** What the actor may confirm within the scope asked for; refuses what it may not. */
export function confirmScope(db: Db, actor: User, exam: Exam, opts: ConfirmOptions): ConfirmUnit[] {
  const all = committeesOf(db, exam.id);
  const isGrader = actsAs(db, actor, exam, 'grader');
  const isPlanner = actsAs(db, actor, exam, 'planner');
  // Graders confirm their committees' grades; a planner on the test may confirm any of them (the
  // office's authority, e.g. after an import or when a grader is away), its confirmation locks at
  // once, and the same readiness rules hold (no conflict, no missing grade, marks aligned).
  const mayConfirm = (c: CommitteeInfo | null): boolean => {
    if (isPlanner) return true;
    return c !== null && isGrader && c.graders.some((g) => g.id === actor.id);
  };
  const refuse = (c: CommitteeInfo | null): never => {
    if (c === null || c.graders.length === 0) {
      throw new NotPermittedError(
        `${actor.username} may not confirm ${c ? `committee ${c.name}` : 'candidates in no committee'} on test ${exam.code}: only a planner on the test confirms grades that no grader holds`,
      );
    }
    throw new NotPermittedError(
      `${actor.username} may not confirm committee ${c.name} on test ${exam.code}: its graders (${c.graders.map((g) => g.username).join(', ')}) or a planner on the test confirm its grades`,
    );
  };
  if (opts.candidate !== undefined) {
    const cand = requireCandidate(db, exam, opts.candidate);
    const c = cand.committeeId === null ? null : all.get(cand.committeeId)!;
    if (opts.committee !== undefined && c?.name !== opts.committee) {
      throw new UsageError(`candidate ${cand.number} is not in committee ${opts.committee}`);
    }
    if (!mayConfirm(c)) refuse(c);
    return [{ committee: c }];
  }
  if (opts.committee !== undefined) {
    const c = requireCommitteeInfo(db, exam, opts.committee);
    if (!mayConfirm(c)) refuse(c);
    return [{ committee: c }];
  }
  const units: ConfirmUnit[] = [...all.values()].filter((c) => mayConfirm(c)).map((c) => ({ committee: c }));
  const loose = countCandidatesInNoCommittee(db, exam.id);
  if (isPlanner && loose > 0) units.push({ committee: null });
  if (units.length === 0) {
    throw new NotPermittedError(
      isPlanner
        ? `${actor.username} has nothing to confirm on test ${exam.code}: the test has no candidates`
        : `${actor.username} is a grader in no committee on test ${exam.code}`,
    );
  }
  return units;
}
