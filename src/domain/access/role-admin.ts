import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotFoundError, UsageError, ValidationError, type Issue } from '../../errors.js';
import { cellText, dataRows, findColumns, issueAt, strangeCharacterIssues, type ColumnSpec } from '../../formats/columns.js';
import type { Table } from '../../formats/tabular.js';
import { requireExtendedAdmin, requireUserAdmin, STUDENT_NO_STAFF } from './access.js';
import { recordEvent } from '../log/events.js';
import { isRole, PROFILES, ROLES, type Profile, type Role } from './roles.js';
import {
  effectiveRoles,
  findUser,
  findUserById,
  hasRole,
  lastAdminMessage,
  lastExtendedAdminMessage,
  otherActiveAdmins,
  requireUser,
  studentRoleProblem,
  type User,
} from '../people/users.js';

/** `roles list --json`: the roles in force (planner included where extended access implies it). */
export interface RoleHolding {
  username: string;
  roles: Role[];
  extended: boolean;
}

export function holdingOf(u: User): RoleHolding {
  return { username: u.username, roles: effectiveRoles(u), extended: u.extended };
}

export function isProfile(s: string): s is Profile {
  return Object.prototype.hasOwnProperty.call(PROFILES, s);
}

/** Checks role names given on the command line; an unknown one is bad usage (exit 2). */
export function parseRoles(names: string[]): Role[] {
  const bad = names.filter((n) => !isRole(n));
  if (bad.length) {
    throw new UsageError(`unknown role${bad.length > 1 ? 's' : ''} ${bad.map((b) => `"${b}"`).join(', ')}; the roles are: ${ROLES.join(', ')}`);
  }
  return [...new Set(names as Role[])];
}

export function profileRoles(name: string): Role[] {
  if (!isProfile(name)) {
    throw new UsageError(`unknown profile "${name}"; the profiles are: ${Object.keys(PROFILES).join(', ')}`);
  }
  return [...PROFILES[name]];
}

export interface RoleChange {
  username: string;
  /** Roles as granted before and after (extended access's planner not included). */
  before: Role[];
  after: Role[];
  added: Role[];
  removed: Role[];
  /** Roles in force afterwards: planner included where extended access implies it. */
  inForce: Role[];
}

function grantedRoles(db: Db, userId: number): Role[] {
  return (db.prepare('SELECT role FROM user_roles WHERE user_id = ? ORDER BY role').all(userId) as { role: Role }[]).map((r) => r.role);
}

/**
 * Writes one user's new set of granted roles and its events: `roles.grant` for roles added,
 * `roles.revoke` for roles removed, each with the role set before and after.
 */
function applyRoles(db: Db, actor: User, u: User, before: Role[], after: Role[], at: string): RoleChange {
  const added = after.filter((r) => !before.includes(r));
  const removed = before.filter((r) => !after.includes(r));
  const ins = db.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)');
  const del = db.prepare('DELETE FROM user_roles WHERE user_id = ? AND role = ?');
  for (const r of added) ins.run(u.id, r);
  for (const r of removed) del.run(u.id, r);
  const sorted = (x: Role[]) => [...x].sort();
  if (added.length) {
    recordEvent(db, { actorId: actor.id, kind: 'roles.grant', at, subjectUserId: u.id, subject: u.username, old: sorted(before), new: sorted([...before, ...added]) });
  }
  if (removed.length) {
    recordEvent(db, { actorId: actor.id, kind: 'roles.revoke', at, subjectUserId: u.id, subject: u.username, old: sorted([...before, ...added]), new: sorted(after) });
  }
  return { username: u.username, before: sorted(before), after: sorted(after), added, removed, inForce: effectiveRoles({ roles: after, extended: u.extended }) };
}

function lastAdminProblem(db: Db, u: User, after: Role[], pendingLosses: Set<number>): string | null {
  if (!u.active || !u.roles.includes('user-administrator') || after.includes('user-administrator')) return null;
  const others = db
    .prepare(
      `SELECT u.id, u.extended FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'user-administrator' WHERE u.active = 1 AND u.id <> ?`,
    )
    .all(u.id) as { id: number; extended: number }[];
  const staying = others.filter((o) => !pendingLosses.has(o.id));
  if (staying.length === 0) return lastAdminMessage(u.username);
  // Only a user administrator with extended access can grant extended access: keep one.
  if (u.extended && !staying.some((o) => o.extended === 1)) {
    return lastExtendedAdminMessage(u.username);
  }
  return null;
}

/** Grants roles to users. Roles already held are left as they are. One transaction. */
export function grantRoles(db: Db, actor: User, usernames: string[], roles: Role[], now: Date): RoleChange[] {
  requireUserAdmin(actor, 'grant roles');
  return writeTx(db, () => {
    const users = requireUsers(db, usernames);
    for (const u of users) {
      const s = studentRoleProblem(u.kind, roles, false);
      if (s) throw new ConflictError(`cannot grant ${roles.join(', ')} to "${u.username}": ${STUDENT_NO_STAFF}`);
    }
    const at = now.toISOString();
    return users.map((u) => {
      const before = grantedRoles(db, u.id);
      return applyRoles(db, actor, u, before, [...new Set([...before, ...roles])], at);
    });
  });
}

/** Revokes roles; revoking a role a user does not hold changes nothing. The last administrator stays. */
export function revokeRoles(db: Db, actor: User, usernames: string[], roles: Role[], now: Date): RoleChange[] {
  requireUserAdmin(actor, 'revoke roles');
  return writeTx(db, () => {
    const users = requireUsers(db, usernames);
    const losing = new Set<number>();
    if (roles.includes('user-administrator')) for (const u of users) if (u.roles.includes('user-administrator')) losing.add(u.id);
    for (const u of users) {
      const p = lastAdminProblem(db, u, u.roles.filter((r) => !roles.includes(r)), losing);
      if (p) throw new ConflictError(`cannot revoke user-administrator: ${p}`);
    }
    const at = now.toISOString();
    return users.map((u) => {
      const before = grantedRoles(db, u.id);
      return applyRoles(db, actor, u, before, before.filter((r) => !roles.includes(r)), at);
    });
  });
}

/**
 * Grants or revokes extended access (planner on every test). Only a user administrator that itself
 * has extended access may; the last active holder among user administrators keeps it, or no one
 * could grant it again.
 */
export function setExtended(db: Db, actor: User, username: string, extended: boolean, now: Date): { user: User; changed: boolean } {
  requireExtendedAdmin(actor, `${extended ? 'grant' : 'revoke'} extended access`);
  return writeTx(db, () => {
    const u = requireUser(db, username);
    if (u.extended === extended) return { user: u, changed: false };
    if (extended && u.kind === 'student') {
      throw new ConflictError(`cannot grant extended access to "${u.username}": ${STUDENT_NO_STAFF}`);
    }
    if (!extended && u.active && u.roles.includes('user-administrator') && otherActiveAdmins(db, u.id, true) === 0) {
      throw new ConflictError(lastExtendedAdminMessage(u.username));
    }
    db.prepare('UPDATE users SET extended = ? WHERE id = ?').run(extended ? 1 : 0, u.id);
    recordEvent(db, {
      actorId: actor.id,
      kind: extended ? 'roles.extended.grant' : 'roles.extended.revoke',
      at: now.toISOString(),
      subjectUserId: u.id,
      subject: u.username,
      old: { extended: u.extended, roles: effectiveRoles(u) },
      new: { extended, roles: effectiveRoles({ roles: u.roles, extended }) },
    });
    return { user: findUserById(db, u.id)!, changed: true };
  });
}

export interface RoleList {
  holdings: RoleHolding[];
  /** Active users holding extended access: kept visible because it opens every test. */
  extendedUsers: string[];
}

/**
 * Who may read role assignments: user administrators and planners (support staff); anyone may
 * read its own.
 */
export function listRoles(db: Db, actor: User, username?: string): RoleList {
  if (!(username !== undefined && username === actor.username) && !hasRole(actor, 'planner')) {
    requireUserAdmin(actor, 'list roles (user administrators and planners may; anyone may list its own)');
  }
  const extendedUsers = (db.prepare('SELECT username FROM users WHERE extended = 1 AND active = 1 ORDER BY username').all() as { username: string }[]).map(
    (r) => r.username,
  );
  if (username !== undefined) return { holdings: [holdingOf(requireUser(db, username))], extendedUsers };
  const rows = db
    .prepare(
      `SELECT u.username, u.extended, g.roles FROM users u
       LEFT JOIN (SELECT user_id, group_concat(role, ',') AS roles FROM user_roles GROUP BY user_id) g ON g.user_id = u.id
       WHERE u.active = 1 AND (u.extended = 1 OR g.roles IS NOT NULL) ORDER BY u.username`,
    )
    .all() as { username: string; extended: number; roles: string | null }[];
  const holdings = rows.map((r) => ({
    username: r.username,
    roles: effectiveRoles({ roles: (r.roles ? r.roles.split(',') : []) as Role[], extended: r.extended === 1 }),
    extended: r.extended === 1,
  }));
  return { holdings, extendedUsers };
}

// ------------------------------------------------------------------------------------------
// roles import
// ------------------------------------------------------------------------------------------

type RoleKey = 'username' | 'role' | 'action';

export const ROLE_COLUMNS: ColumnSpec<RoleKey>[] = [
  { key: 'username', headers: ['username', 'brukernavn', 'user name', 'user', 'bruker'], plain: true, required: true },
  { key: 'role', headers: ['role', 'rolle', 'roles', 'roller', 'system role', 'systemrolle', 'profile', 'profil'], plain: true, required: true },
  { key: 'action', headers: ['action', 'handling', 'operation', 'grant/revoke'], plain: true },
];

const GRANT_WORDS = new Set(['grant', 'add', 'tildel', 'gi', 'legg til']);
const REVOKE_WORDS = new Set(['revoke', 'remove', 'fjern', 'trekk tilbake', 'tilbakekall']);

export interface RoleImportResult {
  file: string;
  sha256: string;
  dryRun: boolean;
  counts: { rows: number; users: number; granted: number; revoked: number; unchanged: number; errors: number };
  /** Users whose roles change, with the roles granted before and after. */
  changes: Array<{ username: string; before: Role[]; after: Role[]; granted: Role[]; revoked: Role[] }>;
  errors: Issue[];
}

export function requireRoleImporter(actor: User): User {
  requireUserAdmin(actor, 'import roles');
  return actor;
}

/**
 * Applies a file of (username, role, action) rows in file order, so a later row for the same
 * user and role wins. A role cell may name a profile (academic, external-grader, administrative).
 * All rows are checked first; a file with any problem changes nothing.
 */
export function importRoles(
  db: Db,
  actor: User,
  table: Table,
  opts: { dryRun: boolean; /** Test hook: runs between the check of the file and its write. */ beforeWrite?: () => void },
  now: Date,
): RoleImportResult {
  requireRoleImporter(actor);
  const cols = findColumns(table, ROLE_COLUMNS);
  const issues: Issue[] = strangeCharacterIssues(table, cols, ROLE_COLUMNS);
  const users = new Map<string, User>();
  const state = new Map<number, Set<Role>>();
  const text = (cells: unknown[], key: RoleKey) => {
    const i = cols.index[key];
    return i === undefined ? '' : cellText(cells[i] as never).trim();
  };
  const rows = dataRows(table, cols.headerRow);
  for (const row of rows) {
    let ok = true;
    const at = (key: RoleKey, message: string) => {
      issues.push(issueAt(table, cols, row, key, message));
      ok = false;
    };
    const username = text(row.cells, 'username');
    const roleKey = text(row.cells, 'role').toLowerCase();
    const actionText = text(row.cells, 'action').toLowerCase();
    let u: User | undefined;
    if (username === '') at('username', 'a username is needed on every row');
    else {
      u = users.get(username) ?? findUser(db, username);
      if (!u) at('username', 'no user with this username (add it first with users add or users import)');
      else users.set(username, u);
    }
    let roles: Role[] = [];
    if (roleKey === '') at('role', 'a role is needed on every row');
    else if (isRole(roleKey)) roles = [roleKey];
    else if (isProfile(roleKey)) roles = [...PROFILES[roleKey]];
    else at('role', `unknown role; expected one of ${ROLES.join(', ')} (or a profile: ${Object.keys(PROFILES).join(', ')})`);
    let grant = true;
    if (REVOKE_WORDS.has(actionText)) grant = false;
    else if (actionText !== '' && !GRANT_WORDS.has(actionText)) at('action', 'expected grant or revoke (empty means grant)');
    if (ok && u && grant && u.kind === 'student') {
      at('role', `"${u.username}" is a student account, which reaches no staff module`);
    }
    if (!ok || !u) continue;
    const set = state.get(u.id) ?? new Set(u.roles);
    for (const r of roles) {
      if (grant) set.add(r);
      else set.delete(r);
    }
    state.set(u.id, set);
  }

  const byId = new Map([...users.values()].map((u) => [u.id, u]));
  const changes: RoleImportResult['changes'] = [];
  let unchanged = 0;
  for (const [id, set] of state) {
    const u = byId.get(id)!;
    const after = [...set].sort();
    const granted = after.filter((r) => !u.roles.includes(r));
    const revoked = u.roles.filter((r) => !set.has(r));
    if (granted.length || revoked.length) changes.push({ username: u.username, before: u.roles, after, granted, revoked });
    else unchanged++;
  }
  if (issues.length === 0) {
    const p = lastAdminLeft(db, changes);
    if (p) issues.push({ file: table.file, sheet: table.sheet, message: `the file would leave no active user administrator: ${p}` });
  }
  const result: RoleImportResult = {
    file: table.file,
    sha256: table.sha256,
    dryRun: opts.dryRun,
    counts: {
      rows: rows.length,
      users: state.size,
      granted: changes.reduce((n, c) => n + c.granted.length, 0),
      revoked: changes.reduce((n, c) => n + c.revoked.length, 0),
      unchanged,
      errors: issues.length,
    },
    changes,
    errors: issues,
  };
  if (issues.length) {
    const err = new ValidationError(
      `${table.file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the file; no role was changed`,
      issues,
    );
    (err as ValidationError & { result?: RoleImportResult }).result = result;
    throw err;
  }
  if (opts.dryRun) return result;
  opts.beforeWrite?.();
  writeTx(db, () => {
    const at = now.toISOString();
    // Checked again against the users as they stand inside the lock: another process may have
    // revoked an administrator since the file was checked.
    const p = lastAdminLeft(db, changes);
    if (p) {
      const issue = { file: table.file, sheet: table.sheet, message: `the file would leave no active user administrator: ${p}` };
      const err = new ValidationError(`${table.file}: 1 problem in the file; no role was changed`, [issue]);
      (err as ValidationError & { result?: RoleImportResult }).result = { ...result, counts: { ...result.counts, errors: 1 }, errors: [issue] };
      throw err;
    }
    for (const c of changes) {
      const u = users.get(c.username)!;
      // The roles before are re-read inside the lock so that the events say what really changed.
      applyRoles(db, actor, u, grantedRoles(db, u.id), c.after, at);
    }
    recordEvent(db, {
      actorId: actor.id,
      kind: 'roles.import',
      at,
      subject: table.file,
      new: { file: table.file, sha256: table.sha256, counts: result.counts },
    });
  });
  return result;
}

/** Why the changes would leave no one to manage users (or to grant extended access), read from the users as they are now. */
function lastAdminLeft(db: Db, changes: RoleImportResult['changes']): string | null {
  const now = new Map(changes.map((c) => [c.username, findUser(db, c.username)!]));
  const losing = new Set(changes.filter((c) => c.revoked.includes('user-administrator')).map((c) => now.get(c.username)!.id));
  for (const c of changes) {
    const p = lastAdminProblem(db, now.get(c.username)!, c.after, losing);
    if (p) return p;
  }
  return null;
}

/** The users named, or exit 4 naming every one that does not exist. */
export function requireUsers(db: Db, usernames: string[]): User[] {
  const missing = usernames.filter((n) => !findUser(db, n));
  if (missing.length) throw new NotFoundError(`no user named ${missing.map((m) => `"${m}"`).join(', ')}`);
  return usernames.map((n) => findUser(db, n)!);
}
