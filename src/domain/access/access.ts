import type { Db } from '../../db/open.js';
import { NotPermittedError } from '../../errors.js';
import type { ContributorRole, Role } from './roles.js';
import { hasRole, type User, type UserKind } from '../people/user.js';
import { isContributor } from './store.js';

export { contributorRolesOn, graderCommittees, isContributor } from './store.js';

/**
 * Permission rules as plain functions. Commands never check rights themselves:
 * every domain operation calls one of these first.
 */

function refuse(actor: User, what: string, why: string): never {
  throw new NotPermittedError(`${actor.username} may not ${what}: ${why}`);
}

/** Why a student account is refused whatever staff work it asks for: said here only. */
export const STUDENT_NO_STAFF = 'a student account reaches no staff module';

/** Why a user of this kind reaches no staff module (so may hold no role, nor extended access), or null. */
export function staffRefusal(kind: UserKind): string | null {
  return kind === 'student' ? STUDENT_NO_STAFF : null;
}

/** Refuses a student account: it reaches no staff module (listing committees, contributors, locations...). */
export function requireStaff(actor: User, what: string): void {
  const noStaff = staffRefusal(actor.kind);
  if (noStaff) refuse(actor, what, noStaff);
}

/** Refuses a deactivated user: it may do nothing, also where no role is needed (README). */
export function requireActive(actor: User, what: string): void {
  if (!actor.active) refuse(actor, what, 'the account is deactivated');
}

/** Refuses students, deactivated users and anyone lacking the system role. */
export function requireRole(actor: User, role: Role, what: string): void {
  if (!actor.active) refuse(actor, what, 'the account is deactivated');
  requireStaff(actor, what);
  if (!hasRole(actor, role)) refuse(actor, what, `it needs the ${role} role`);
}

export function requireUserAdmin(actor: User, what: string): void {
  requireRole(actor, 'user-administrator', what);
}

/** Granting or revoking extended access: a user administrator that itself has extended access. */
export function requireExtendedAdmin(actor: User, what: string): void {
  requireUserAdmin(actor, what);
  if (!actor.extended) refuse(actor, what, 'only a user administrator with extended access may do that');
}

/**
 * Whether the actor acts in `role` on the test: it holds the system role and is invited as that
 * contributor. Extended access acts as planner on every test without an invitation.
 */
export function actsAs(db: Db, actor: User, exam: { id: number }, role: ContributorRole): boolean {
  if (!actor.active || actor.kind === 'student') return false;
  if (role === 'planner' && actor.extended) return true;
  return hasRole(actor, role) && isContributor(db, actor.id, exam.id, role);
}

/** Refuses unless the actor acts on the test in one of the roles, naming what is missing. */
export function requireExamRole(
  db: Db,
  actor: User,
  exam: { id: number; code: string },
  roles: ContributorRole[],
  what: string,
): ContributorRole {
  for (const r of roles) if (actsAs(db, actor, exam, r)) return r;
  if (!actor.active) refuse(actor, what, 'the account is deactivated');
  requireStaff(actor, what);
  const held = roles.filter((r) => hasRole(actor, r));
  const list = roles.join(' or ');
  if (held.length === 0) refuse(actor, what, `it needs the ${list} role`);
  refuse(actor, what, `not a contributor (${held.join(' or ')}) on test ${exam.code}`);
}
