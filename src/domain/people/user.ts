import type { Role } from '../access/roles.js';

// A user as the rules read it: who it is and which roles it holds. Kept apart from the user store
// (users.ts) so that the access rules can read it without importing the store that uses them.

export const USER_KINDS = ['employee', 'external', 'student'] as const;
export type UserKind = (typeof USER_KINDS)[number];
/** The kind of a user added without one; `users add --help` reads it too. */
export const DEFAULT_USER_KIND: UserKind = 'employee';
/** How a users import treats the users it names: adds new ones, updates existing ones, or both. */
export const IMPORT_MODES = ['add', 'update', 'upsert'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
/** The mode of an import that names none; `users import --help` reads it too. */
export const DEFAULT_IMPORT_MODE: ImportMode = 'add';
export const LOGIN_METHODS = ['feide', 'idporten', 'registered'] as const;
export type LoginMethod = (typeof LOGIN_METHODS)[number];

/** The fields of a user that a person sets. */
export interface UserFields {
  username: string;
  name: string;
  email: string | null;
  kind: UserKind;
  logins: LoginMethod[];
  hasNin: boolean;
  feideActivated: boolean;
}

export interface User extends UserFields {
  id: number;
  extended: boolean;
  active: boolean;
  createdAt: string;
  /** System roles as granted (extended access's implied planner is not in here: see effectiveRoles). */
  roles: Role[];
}

export function effectiveRoles(u: Pick<User, 'roles' | 'extended'>): Role[] {
  const set = new Set<Role>(u.roles);
  if (u.extended) set.add('planner');
  return [...set].sort();
}

export function hasRole(u: Pick<User, 'roles' | 'extended' | 'active' | 'kind'>, role: Role): boolean {
  return u.active && u.kind !== 'student' && effectiveRoles(u).includes(role);
}
