import type { Db } from '../../db/open.js';
import { NotPermittedError } from '../../errors.js';
import { contributorRolesOn, requireActive } from '../access/access.js';
import { effectiveRoles, hasRole, type User } from '../people/users.js';
import { requireExam, type Exam } from './exams.js';

/** Who may read which tests. */

/** Whether the actor may read the test: it acts on it in some role, has extended access, or is a candidate on it. */
export function canSeeExam(db: Db, actor: User, exam: { id: number }): boolean {
  if (!actor.active) return false;
  if (actor.kind === 'student') {
    return !!db.prepare('SELECT 1 FROM candidates WHERE exam_id = ? AND student_id = ?').get(exam.id, actor.id);
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
 * Which tests the actor can act on, as a condition on `exams e` (the rule of canSeeExam, for a whole
 * list at once): all with extended access; a student's own tests as a candidate; else those it is a
 * contributor on in a role it holds.
 */
export function visibleExams(actor: User): { where: string; params: Record<string, unknown> } {
  if (actor.kind === 'student') {
    return { where: 'EXISTS (SELECT 1 FROM candidates s WHERE s.exam_id = e.id AND s.student_id = :actor)', params: { actor: actor.id } };
  }
  if (actor.extended) return { where: '1', params: {} };
  return {
    where: 'EXISTS (SELECT 1 FROM contributors k WHERE k.exam_id = e.id AND k.user_id = :actor AND k.role IN (SELECT value FROM json_each(:roles)))',
    params: { actor: actor.id, roles: JSON.stringify(effectiveRoles(actor)) },
  };
}
