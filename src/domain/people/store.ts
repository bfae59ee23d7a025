import type { Db } from '../../db/open.js';
import type { Role } from '../access/roles.js';
import { stmt } from '../../db/statements.js';
import type { LoginMethod, User, UserFields, UserKind } from './user.js';

/**
 * Users and the system roles granted to them, as stored. Plain reads and writes: callers check
 * rights and rules first and record the events.
 */

/** The columns of a user as read, in the order `userOf` takes them. */
const USER_COLUMNS = `u.id, u.username, u.name, u.email, u.kind, u.logins, u.has_nin, u.feide_activated, u.extended, u.active, u.created_at,
  (SELECT group_concat(role, ',') FROM user_roles r WHERE r.user_id = u.id) AS roles`;

const USER_SELECT = `SELECT ${USER_COLUMNS} FROM users u`;

const rolesOf = (text: string | null): Role[] => (text ? text.split(',') : []) as Role[];

/** A user from its row read as an array (USER_COLUMNS): a listing of tens of thousands builds no row objects. */
function userOf(r: unknown[]): User {
  return {
    id: r[0] as number,
    username: r[1] as string,
    name: r[2] as string,
    email: r[3] as string | null,
    kind: r[4] as UserKind,
    logins: (r[5] ? (r[5] as string).split(',') : []) as LoginMethod[],
    hasNin: r[6] === 1,
    feideActivated: r[7] === 1,
    extended: r[8] === 1,
    active: r[9] === 1,
    createdAt: r[10] as string,
    roles: rolesOf(r[11] as string | null).sort(),
  };
}

export function findUser(db: Db, username: string): User | undefined {
  const r = stmt(db, `${USER_SELECT} WHERE u.username = ?`).raw().get(username) as unknown[] | undefined;
  return r && userOf(r);
}

export function findUserById(db: Db, id: number): User | undefined {
  const r = stmt(db, `${USER_SELECT} WHERE u.id = ?`).raw().get(id) as unknown[] | undefined;
  return r && userOf(r);
}

export function countUsers(db: Db): number {
  return (stmt(db, 'SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

/** Which users a listing shows: the active ones unless `all`, of one kind, holding one role in force. */
export interface UserSelection {
  role?: Role;
  kind?: UserKind;
  /** Include deactivated users. */
  all?: boolean;
}

/** The users selected, by username, read one at a time. A planner is held by role or by extended access. */
export function* iterateUsers(db: Db, s: UserSelection): Generator<User> {
  const { sql, params } = userQuery(s);
  for (const r of db.prepare(sql).raw().iterate(...params) as IterableIterator<unknown[]>) yield userOf(r);
}

function userQuery(s: UserSelection): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!s.all) where.push('u.active = 1');
  if (s.kind) (where.push('u.kind = ?'), params.push(s.kind));
  if (s.role) {
    where.push(
      s.role === 'planner'
        ? `(u.extended = 1 OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?))`
        : `EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?)`,
    );
    params.push(s.role);
  }
  const sql = `${USER_SELECT}
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY u.username`;
  return { sql, params };
}

export function insertUser(db: Db, f: UserFields, at: string): number {
  const info = stmt(
    db,
    `INSERT INTO users (username, name, email, kind, logins, has_nin, feide_activated, extended, active, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, 1, ?)`,
  ).run(f.username, f.name, f.email, f.kind, f.logins.join(','), f.hasNin ? 1 : 0, f.feideActivated ? 1 : 0, at);
  return Number(info.lastInsertRowid);
}

export function storeUserFields(db: Db, id: number, f: UserFields): void {
  stmt(db, `UPDATE users SET name = ?, email = ?, kind = ?, logins = ?, has_nin = ?, feide_activated = ? WHERE id = ?`).run(
    f.name,
    f.email,
    f.kind,
    f.logins.join(','),
    f.hasNin ? 1 : 0,
    f.feideActivated ? 1 : 0,
    id,
  );
}

export function storeUserActive(db: Db, id: number, active: boolean): void {
  stmt(db, 'UPDATE users SET active = ? WHERE id = ?').run(active ? 1 : 0, id);
}

export function storeUserExtended(db: Db, id: number, extended: boolean): void {
  stmt(db, 'UPDATE users SET extended = ? WHERE id = ?').run(extended ? 1 : 0, id);
}

/**
 * Active user administrators other than the one named: the system must keep at least one, and at
 * least one with extended access (`extendedOnly`), the only kind that can grant extended access.
 */
export function otherActiveAdmins(db: Db, exceptId: number, extendedOnly = false): number {
  return (
    stmt(
      db,
      `SELECT count(*) AS n FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'user-administrator'
         WHERE u.active = 1 AND u.id <> ?${extendedOnly ? ' AND u.extended = 1' : ''}`,
    ).get(exceptId) as { n: number }
  ).n;
}

/** The active user administrators besides the one named, and whether each has extended access. */
export function otherActiveAdminList(db: Db, exceptId: number): { id: number; extended: boolean }[] {
  const rows = stmt(
    db,
    `SELECT u.id, u.extended FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'user-administrator' WHERE u.active = 1 AND u.id <> ?`,
  ).all(exceptId) as { id: number; extended: number }[];
  return rows.map((r) => ({ id: r.id, extended: r.extended === 1 }));
}

/** Usernames of the active users with extended access. */
export function activeExtendedUsernames(db: Db): string[] {
  return (stmt(db, 'SELECT username FROM users WHERE extended = 1 AND active = 1 ORDER BY username').all() as { username: string }[]).map(
    (r) => r.username,
  );
}

/** Active users holding a granted role or extended access, by username, with the roles as granted. */
export function activeRoleHolders(db: Db): { username: string; extended: boolean; roles: Role[] }[] {
  const rows = stmt(
    db,
    `SELECT u.username, u.extended, g.roles FROM users u
       LEFT JOIN (SELECT user_id, group_concat(role, ',') AS roles FROM user_roles GROUP BY user_id) g ON g.user_id = u.id
       WHERE u.active = 1 AND (u.extended = 1 OR g.roles IS NOT NULL) ORDER BY u.username`,
  ).all() as { username: string; extended: number; roles: string | null }[];
  return rows.map((r) => ({ username: r.username, extended: r.extended === 1, roles: rolesOf(r.roles) }));
}

/** The roles granted to a user, sorted. */
export function grantedRoles(db: Db, userId: number): Role[] {
  return (stmt(db, 'SELECT role FROM user_roles WHERE user_id = ? ORDER BY role').all(userId) as { role: Role }[]).map((r) => r.role);
}

export function insertUserRole(db: Db, userId: number, role: Role): void {
  stmt(db, 'INSERT INTO user_roles (user_id, role) VALUES (?, ?)').run(userId, role);
}

export function deleteUserRole(db: Db, userId: number, role: Role): void {
  stmt(db, 'DELETE FROM user_roles WHERE user_id = ? AND role = ?').run(userId, role);
}
