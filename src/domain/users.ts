import type { Db } from '../db/open.js';
import { NotFoundError, NotPermittedError } from '../errors.js';
import type { Role } from './roles.js';

export const USER_KINDS = ['employee', 'external', 'student'] as const;
export type UserKind = (typeof USER_KINDS)[number];
export const LOGIN_METHODS = ['feide', 'idporten', 'registered'] as const;
export type LoginMethod = (typeof LOGIN_METHODS)[number];

export interface User {
  id: number;
  username: string;
  name: string;
  email: string | null;
  kind: UserKind;
  logins: LoginMethod[];
  hasNin: boolean;
  feideActivated: boolean;
  extended: boolean;
  active: boolean;
  createdAt: string;
  /** System roles as granted (extended access's implied planner is not in here: see effectiveRoles). */
  roles: Role[];
}

interface UserRow {
  id: number;
  username: string;
  name: string;
  email: string | null;
  kind: UserKind;
  logins: string;
  has_nin: number;
  feide_activated: number;
  extended: number;
  active: number;
  created_at: string;
  roles: string | null;
}

export const USER_SELECT = `SELECT u.*, (SELECT group_concat(role, ',') FROM user_roles r WHERE r.user_id = u.id) AS roles FROM users u`;

export function rowToUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    name: r.name,
    email: r.email,
    kind: r.kind,
    logins: (r.logins ? r.logins.split(',') : []) as LoginMethod[],
    hasNin: r.has_nin === 1,
    feideActivated: r.feide_activated === 1,
    extended: r.extended === 1,
    active: r.active === 1,
    createdAt: r.created_at,
    roles: (r.roles ? r.roles.split(',').sort() : []) as Role[],
  };
}

export function findUser(db: Db, username: string): User | undefined {
  const r = db.prepare(`${USER_SELECT} WHERE u.username = ?`).get(username) as UserRow | undefined;
  return r && rowToUser(r);
}

export function findUserById(db: Db, id: number): User | undefined {
  const r = db.prepare(`${USER_SELECT} WHERE u.id = ?`).get(id) as UserRow | undefined;
  return r && rowToUser(r);
}

/** The user named, or exit 4. */
export function requireUser(db: Db, username: string): User {
  const u = findUser(db, username);
  if (!u) throw new NotFoundError(`no user named "${username}"`);
  return u;
}

/**
 * The user a command acts as. Identity is asserted (--as / EXAMCTL_USER / OS login), not
 * authenticated: an unknown or deactivated actor may do nothing.
 */
export function requireActor(db: Db, username: string): User {
  const u = findUser(db, username);
  if (!u) {
    const empty = (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n === 0;
    throw new NotPermittedError(
      empty
        ? `the database has no users yet: run "examctl init" first`
        : `acting user "${username}" is not a user of this database: name one with --as or EXAMCTL_USER`,
    );
  }
  if (!u.active) throw new NotPermittedError(`acting user "${username}" is deactivated`);
  return u;
}

/** Roles in force: granted roles, plus planner where extended access implies it. */
export function effectiveRoles(u: Pick<User, 'roles' | 'extended'>): Role[] {
  const set = new Set<Role>(u.roles);
  if (u.extended) set.add('planner');
  return [...set].sort();
}

export function hasRole(u: Pick<User, 'roles' | 'extended' | 'active' | 'kind'>, role: Role): boolean {
  return u.active && u.kind !== 'student' && effectiveRoles(u).includes(role);
}
