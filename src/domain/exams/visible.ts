import type { Db } from '../../db/open.js';
import { NotPermittedError } from '../../errors.js';
import { contributorRolesOn, requireActive } from '../access/access.js';
import { effectiveRoles, hasRole, type User } from '../people/users.js';
import { requireExam, type Exam } from './exams.js';
import { isCandidateOn } from '../candidates/store.js';
import type { ExamScope } from './store.js';

/** Who may read which tests. */

/** Whether the actor may read the test: it acts on it in some role, has extended access, or is a candidate on it. */
export function canSeeExam(db: Db, actor: User, exam: { id: number }): boolean {
  if (!actor.active) return false;
  if (actor.kind === 'student') {
    return isCandidateOn(db, exam.id, actor.id);
  }
  if (actor.extended) return true;
  return contributorRolesOn(db, actor.id, exam.id).some((r) => hasRole(actor, r));
}

export function requireSeeExam(db: Db, actor: User, code: string): Exam {
  const exam = requireExam(db, code);
  requireActive(actor, `see test ${exam.code}`);
  if (!canSeeExam(db, actor, exam)) {
    throw new NotPermittedError(
      `${actor.username} may not see test ${exam.code}: ${actor.kind === 'student' ? 'not a candidate on it' : `not a contributor on test ${exam.code}`}`,
    );
  }
  return exam;
}

/**
 * Which tests the actor can act on (the rule of canSeeExam, for a whole list at once): all with
 * extended access; a student's own tests as a candidate; else those it is a contributor on in a
 * role it holds.
 */
export function visibleExams(actor: User): ExamScope {
  if (actor.kind === 'student') return { studentId: actor.id };
  if (actor.extended) return { all: true };
  return { contributorId: actor.id, roles: effectiveRoles(actor) };
}
