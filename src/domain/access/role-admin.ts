import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotFoundError, UsageError, ValidationError, type Issue } from '../../errors.js';
import type { ColumnSpec } from '../../formats/columns.js';
import { hasIssues, isChanged, openSheet, runImport, type Checked, type ImportRule, type Outcome, type Sheet } from '../imports/pipeline.js';
import type { Table } from '../../formats/tabular.js';
import { requireExtendedAdmin, requireUserAdmin, staffRefusal, STUDENT_NO_STAFF } from './access.js';
import { recordEvent } from '../log/events.js';
import { isRole, PROFILES, ROLES, type Profile, type Role } from './roles.js';
import {
  activeExtendedUsernames,
  activeRoleHolders,
  deleteUserRole,
  findUser,
  findUserById,
  grantedRoles,
  insertUserRole,
  otherActiveAdminList,
  otherActiveAdmins,
  storeUserExtended,
} from '../people/store.js';
import { effectiveRoles, hasRole, lastAdminMessage, lastExtendedAdminMessage, requireUser, studentRoleProblem, type User } from '../people/users.js';

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

/**
 * Writes one user's new set of granted roles and its events: `roles.grant` for roles added,
 * `roles.revoke` for roles removed, each with the role set before and after.
 */
function applyRoles(db: Db, actor: User, u: User, before: Role[], after: Role[], at: string): RoleChange {
  const added = after.filter((r) => !before.includes(r));
  const removed = before.filter((r) => !after.includes(r));
  for (const r of added) insertUserRole(db, u.id, r);
  for (const r of removed) deleteUserRole(db, u.id, r);
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
  const staying = otherActiveAdminList(db, u.id).filter((o) => !pendingLosses.has(o.id));
  if (staying.length === 0) return lastAdminMessage(u.username);
  // Only a user administrator with extended access can grant extended access: keep one.
  if (u.extended && !staying.some((o) => o.extended)) {
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
    const noStaff = extended && staffRefusal(u.kind);
    if (noStaff) throw new ConflictError(`cannot grant extended access to "${u.username}": ${noStaff}`);
    if (!extended && u.active && u.roles.includes('user-administrator') && otherActiveAdmins(db, u.id, true) === 0) {
      throw new ConflictError(lastExtendedAdminMessage(u.username));
    }
    storeUserExtended(db, u.id, extended);
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
  const extendedUsers = activeExtendedUsernames(db);
  if (username !== undefined) return { holdings: [holdingOf(requireUser(db, username))], extendedUsers };
  const holdings = activeRoleHolders(db).map((h) => ({ username: h.username, roles: effectiveRoles(h), extended: h.extended }));
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

/** What a row is checked against: the users named so far, and each one's roles as the rows so far leave them. */
interface RoleCheck {
  db: Db;
  sheet: Sheet<RoleKey>;
  users: Map<string, User>;
  state: Map<number, Set<Role>>;
  /** Once every row is read: the users whose roles change, and how many stay as they are. */
  changes: RoleImportResult['changes'];
  unchanged: number;
}

/** One row: a grant or revoke of a role (or a profile's roles) to the user's roles so far, or its problems. */
function checkRoleRow(st: RoleCheck, r: number): Outcome<number> {
  const { sheet } = st;
  const issues: Issue[] = [];
  const at = (key: RoleKey, message: string) => issues.push(sheet.issue(r, key, message));
  const username = sheet.text(r, 'username');
  const roleKey = sheet.text(r, 'role').toLowerCase();
  const actionText = sheet.text(r, 'action').toLowerCase();
  let u: User | undefined;
  if (username === '') at('username', 'a username is needed on every row');
  else {
    u = st.users.get(username) ?? findUser(st.db, username);
    if (!u) at('username', 'no user with this username (add it first with users add or users import)');
    else st.users.set(username, u);
  }
  let roles: Role[] = [];
  if (roleKey === '') at('role', 'a role is needed on every row');
  else if (isRole(roleKey)) roles = [roleKey];
  else if (isProfile(roleKey)) roles = [...PROFILES[roleKey]];
  else at('role', `unknown role; expected one of ${ROLES.join(', ')} (or a profile: ${Object.keys(PROFILES).join(', ')})`);
  let grant = true;
  if (REVOKE_WORDS.has(actionText)) grant = false;
  else if (actionText !== '' && !GRANT_WORDS.has(actionText)) at('action', 'expected grant or revoke (empty means grant)');
  if (!issues.length && u && grant) {
    const noStaff = staffRefusal(u.kind);
    if (noStaff) at('role', `"${u.username}": ${noStaff}`);
  }
  if (issues.length || !u) return hasIssues(issues);
  const set = st.state.get(u.id) ?? new Set(u.roles);
  const size = set.size;
  const had = roles.filter((role) => set.has(role)).length;
  for (const role of roles) {
    if (grant) set.add(role);
    else set.delete(role);
  }
  st.state.set(u.id, set);
  const changed = grant ? set.size !== size : had > 0;
  return changed ? isChanged(u.id) : { kind: 'unchanged', write: u.id };
}

/** Once every row is read: each user's roles before and after, and whether any administrator is left. */
function finishRoles(st: RoleCheck, checked: Checked<number>): Issue[] {
  const byId = new Map([...st.users.values()].map((u) => [u.id, u]));
  for (const [id, set] of st.state) {
    const u = byId.get(id)!;
    const after = [...set].sort();
    const granted = after.filter((r) => !u.roles.includes(r));
    const revoked = u.roles.filter((r) => !set.has(r));
    if (granted.length || revoked.length) st.changes.push({ username: u.username, before: u.roles, after, granted, revoked });
    else st.unchanged++;
  }
  if (checked.issues.length) return [];
  const { table } = st.sheet;
  const p = lastAdminLeft(st.db, st.changes);
  return p ? [{ file: table.file, sheet: table.sheet, message: `the file would leave no active user administrator: ${p}` }] : [];
}

function roleResult(st: RoleCheck, checked: Checked<number>, dryRun: boolean): RoleImportResult {
  const { table } = st.sheet;
  return {
    file: table.file,
    sha256: table.sha256,
    dryRun,
    counts: {
      rows: checked.rows,
      users: st.state.size,
      granted: st.changes.reduce((n, c) => n + c.granted.length, 0),
      revoked: st.changes.reduce((n, c) => n + c.revoked.length, 0),
      unchanged: st.unchanged,
      errors: checked.issues.length,
    },
    changes: st.changes,
    errors: checked.issues,
  };
}

function refuseRoles(st: RoleCheck, checked: Checked<number>, dryRun: boolean): never {
  const { table } = st.sheet;
  const issues = checked.issues;
  const err = new ValidationError(`${table.file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the file; no role was changed`, issues);
  (err as ValidationError & { result?: RoleImportResult }).result = roleResult(st, checked, dryRun);
  throw err;
}

/**
 * Applies a file of (username, role, action) rows in file order, so a later row for the same
 * user and role wins. A role cell may name a profile (academic, external-grader, administrative).
 * All rows are checked first; a file with any problem changes nothing. Inside the write the rows
 * are checked again against the users as they stand there: another process may have revoked an
 * administrator since the file was checked.
 */
export function importRoles(
  db: Db,
  actor: User,
  table: Table,
  opts: { dryRun: boolean; /** Test hook: runs between the check of the file and its write. */ beforeWrite?: () => void },
  now: Date,
): RoleImportResult {
  requireRoleImporter(actor);
  const rule: ImportRule<RoleKey, RoleCheck, number, Issue, RoleImportResult> = {
    strangeCharacters: true,
    precheck: true,
    load: (conn, sheet) => ({ db: conn, sheet, users: new Map(), state: new Map(), changes: [], unchanged: 0 }),
    check: checkRoleRow,
    finish: finishRoles,
    dryRun: (_db, st, checked) => (checked.issues.length ? refuseRoles(st, checked, true) : roleResult(st, checked, true)),
    refuse: (_db, st, checked) => refuseRoles(st, checked, opts.dryRun),
    write: (conn, st, checked) => {
      const result = roleResult(st, checked, opts.dryRun);
      const at = now.toISOString();
      for (const c of st.changes) {
        const u = st.users.get(c.username)!;
        // The roles before are re-read inside the lock so that the events say what really changed.
        applyRoles(conn, actor, u, grantedRoles(conn, u.id), c.after, at);
      }
      recordEvent(conn, { actorId: actor.id, kind: 'roles.import', at, subject: table.file, new: { file: table.file, sha256: table.sha256, counts: result.counts } });
      return result;
    },
  };
  return runImport(db, openSheet(table, ROLE_COLUMNS), rule, { dryRun: opts.dryRun, beforeWrite: opts.beforeWrite });
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
