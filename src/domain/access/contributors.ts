import type { Fix } from '../fixes.js';
import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotFoundError, NotPermittedError, ValidationError } from '../../errors.js';
import { requireExamRole, requireStaff } from './access.js';
import {
  contributorsOf,
  countGraderMarks,
  countPlanners,
  deleteContributor,
  graderCommittees,
  insertContributor,
  isContributor,
  removeGraderFromCommittees,
} from './store.js';
import { recordEvent } from '../log/events.js';
import { requireSeeExam } from '../exams/visible.js';
import { requireExam, type Exam } from '../exams/exams.js';
import { CONTRIBUTOR_ROLES, isContributorRole, type ContributorRole } from './roles.js';
import { findUser, hasRole, requireUser, type User } from '../people/users.js';

/** Contributors on a test: who is invited to act on it, and in which role. */

export interface ContributorView {
  username: string;
  name: string;
  role: ContributorRole;
  /** False when the user no longer holds the system role (or is deactivated): the invitation is dormant. */
  active: boolean;
}

export function parseContributorRole(role: string): ContributorRole {
  if (!isContributorRole(role)) {
    throw new ValidationError(`"${role}" is not a contributor role: expected one of ${CONTRIBUTOR_ROLES.join(', ')}`);
  }
  return role;
}

/**
 * Why the user cannot be a contributor in the role, or null. The role must be one of the user's
 * system roles; a student is never a contributor. Exit 3 for both: the fix is a right, not the input.
 */
export function whyNotContributor(user: User, role: ContributorRole): string | null {
  if (user.kind === 'student') return `${user.username} is a student account: a student can never be a contributor`;
  if (!user.active) return `${user.username} is deactivated`;
  if (!hasRole(user, role)) {
    return `${user.username} does not hold the ${role} system role (a user administrator grants it)`;
  }
  return null;
}

/**
 * Invites the user in the role, inside the caller's transaction, and records the event. Returns
 * false when it was already there.
 */
export function addContributorTx(db: Db, actor: User, exam: Exam, user: User, role: ContributorRole, at: string, why?: string): boolean {
  if (isContributor(db, user.id, exam.id, role)) return false;
  insertContributor(db, exam.id, user.id, role);
  recordEvent(db, {
    actorId: actor.id,
    kind: 'tests.contributors.add',
    at,
    examId: exam.id,
    subjectUserId: user.id,
    subject: user.username,
    new: why ? { role, why } : { role },
  });
  return true;
}

export function addContributor(
  db: Db,
  actor: User,
  code: string,
  username: string,
  roleText: string,
  now: Date,
): { added: boolean; username: string; role: ContributorRole } {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `invite contributors to test ${exam.code}`);
  const role = parseContributorRole(roleText);
  const user = requireUser(db, username);
  const why = whyNotContributor(user, role);
  if (why) {
    const fix: Fix[] = user.kind !== 'student' && user.active && !hasRole(user, role) ? [{ act: 'grant-role', user: user.username, role }] : [];
    throw new NotPermittedError(`${user.username} cannot be a ${role} on ${exam.code}: ${why}`).withFixes(fix);
  }
  return writeTx(db, () => ({ added: addContributorTx(db, actor, exam, user, role, now.toISOString()), username: user.username, role }));
}

/**
 * Removes the invitation. The last planner stays (otherwise only extended-access users could manage
 * the test). A grader removed is taken out of the test's committees too, unless it holds private
 * marks there: those would lose their author.
 */
export function removeContributor(
  db: Db,
  actor: User,
  code: string,
  username: string,
  roleText: string,
  now: Date,
): { username: string; role: ContributorRole; committees: string[] } {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `remove contributors from test ${exam.code}`);
  const role = parseContributorRole(roleText);
  const user = requireUser(db, username);
  return writeTx(db, () => {
    if (!isContributor(db, user.id, exam.id, role)) {
      throw new NotFoundError(`${user.username} is not a ${role} contributor on ${exam.code}`);
    }
    if (role === 'planner' && countPlanners(db, exam.id) === 1) {
      throw new ConflictError(`${user.username} is the last planner on ${exam.code}: add another planner first; nothing changed`);
    }
    let committees: string[] = [];
    if (role === 'grader') {
      committees = graderCommittees(db, user.id, exam.id).map((c) => c.name);
      const marks = countGraderMarks(db, exam.id, user.id);
      if (marks > 0) {
        throw new ConflictError(`${user.username} has ${marks} private mark${marks === 1 ? '' : 's'} on ${exam.code}: a grader with marks stays; nothing changed`);
      }
      removeGraderFromCommittees(db, exam.id, user.id);
    }
    deleteContributor(db, exam.id, user.id, role);
    recordEvent(db, {
      actorId: actor.id,
      kind: 'tests.contributors.remove',
      at: now.toISOString(),
      examId: exam.id,
      subjectUserId: user.id,
      subject: user.username,
      old: committees.length ? { role, committees } : { role },
    });
    return { username: user.username, role, committees };
  });
}

export function listContributors(db: Db, actor: User, code: string): ContributorView[] {
  const exam = requireSeeExam(db, actor, code);
  requireStaff(actor, 'list contributors');
  const rows = contributorsOf(db, exam.id);
  return rows.map((r) => {
    const u = requireUser(db, r.username);
    return { username: u.username, name: u.name, role: r.role, active: hasRole(u, r.role) };
  });
}

/** Why an invitation is dormant (`active` false): the user was deactivated, or no longer holds the role. */
export function whyDormant(db: Db, c: ContributorView): 'deactivated' | 'role missing' | null {
  if (c.active) return null;
  return findUser(db, c.username)?.active === false ? 'deactivated' : 'role missing';
}

/** The contributors `tests show` lists: none to a student, who may see the test as its candidate. */
export function contributorsShownTo(db: Db, actor: User, exam: Exam): { username: string; role: ContributorRole }[] {
  if (actor.kind === 'student') return [];
  return listContributors(db, actor, exam.code).map(({ username, role }) => ({ username, role }));
}
