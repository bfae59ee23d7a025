import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotFoundError, NotPermittedError, ValidationError } from '../../errors.js';
import { given, say } from '../words.js';
import { requireRole, requireUserAdmin, staffRefusal } from '../access/access.js';
import { recordEvent } from '../log/events.js';
import { countUsers, findUser, findUserById, insertUser, iterateUsers, otherActiveAdmins, storeUserActive, storeUserFields, type UserSelection } from './store.js';
import type { Role } from '../access/roles.js';
import { DEFAULT_USER_KIND, effectiveRoles, hasRole, LOGIN_METHODS, USER_KINDS, type LoginMethod, type User, type UserFields, type UserKind } from './user.js';

export { DEFAULT_USER_KIND, effectiveRoles, hasRole, LOGIN_METHODS, USER_KINDS, type LoginMethod, type User, type UserFields, type UserKind };
export { findUser, findUserById };

/** The user named, or exit 4. */
export function requireUser(db: Db, username: string): User {
  const u = findUser(db, username);
  if (!u) throw new NotFoundError(`no user named "${username}"`);
  return u;
}

/**
 * The user a command acts as: on a file, asserted (the name given, or the OS login), on a server
 * the login it authenticated (`login`). An unknown or deactivated actor may do nothing.
 */
export function requireActor(db: Db, username: string, o: { login?: boolean } = {}): User {
  const u = findUser(db, username);
  if (!u) {
    const empty = countUsers(db) === 0;
    if (empty) throw new NotPermittedError('the database has no users yet').withFixes([{ act: 'init-database' }]);
    // A server's login cannot act as another: the user it lacks is added under the login's name.
    if (o.login) {
      throw new NotPermittedError(`the login "${username}" is not a user of this database; it acts once a user of the same name is added`).withFixes([
        { act: 'add-user', user: username },
      ]);
    }
    throw new NotPermittedError(say`acting user "${username}" is not a user of this database: name one with ${given('actor')} or EXAMCTL_USER`);
  }
  if (!u.active) throw new NotPermittedError(`acting user "${username}" is deactivated`);
  return u;
}

/** Roles in force: granted roles, plus planner where extended access implies it. */

// ---------------------------------------------------------------------------------------------
// Managing users. Only user administrators change users; every change is an event.
// ---------------------------------------------------------------------------------------------


export type UserPatch = Partial<Omit<UserFields, 'username'>>;

/** What a new user is given where nothing is said. */
export interface AddUserInput {
  username: string;
  name: string;
  email?: string | null;
  kind?: UserKind;
  logins?: LoginMethod[];
  hasNin?: boolean;
  feideActivated?: boolean;
}

export function isUserKind(s: string): s is UserKind {
  return (USER_KINDS as readonly string[]).includes(s);
}

export function isLoginMethod(s: string): s is LoginMethod {
  return (LOGIN_METHODS as readonly string[]).includes(s);
}

/** A username scripts and spreadsheets can carry: letters, digits and . _ - @, no spaces. */
const USERNAME_RE = /^[\p{L}\p{N}][\p{L}\p{N}._@-]{0,63}$/u;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One problem with one field, before any place in a file is known. */
export interface FieldProblem {
  field: 'username' | 'name' | 'email' | 'kind' | 'logins' | 'hasNin' | 'feideActivated';
  value: string | null;
  message: string;
}

/**
 * Login methods a new user gets where none are named: Feide, plus ID-porten for someone with a
 * national identity number. `registered` is a fallback and is never given by default.
 */
export function defaultLogins(hasNin: boolean): LoginMethod[] {
  return hasNin ? ['feide', 'idporten'] : ['feide'];
}

/**
 * Feide accounts of employees and students come activated from the institution; an external's
 * account must be activated by the person, so it starts off.
 */
export function defaultFeideActivated(kind: UserKind): boolean {
  return kind !== 'external';
}

/** Parses `feide,idporten`: known methods, no repeats, at least one. */
export function parseLogins(parts: string[]): { logins: LoginMethod[]; problems: string[] } {
  const problems: string[] = [];
  const logins: LoginMethod[] = [];
  for (const raw of parts) {
    const p = raw.trim().toLowerCase().replace(/[\s-]/g, '');
    const m = p === 'idport' || p === 'idporten' ? 'idporten' : p === 'registrert' || p === 'registrertbruker' ? 'registered' : p;
    if (!isLoginMethod(m)) problems.push(`unknown login method "${raw.trim()}" (expected feide, idporten or registered)`);
    else if (!logins.includes(m)) logins.push(m);
  }
  if (parts.length > 0 && logins.length === 0 && problems.length === 0) problems.push('at least one login method is needed');
  return { logins, problems };
}

/** The rules a whole user record must keep, whatever changed it (add, update, import). */
export function checkUserFields(f: UserFields): FieldProblem[] {
  const p: FieldProblem[] = [];
  if (!USERNAME_RE.test(f.username)) {
    p.push({ field: 'username', value: f.username, message: 'a username is 1-64 letters, digits, ".", "_", "-" or "@", starting with a letter or digit' });
  }
  if (f.name.trim() === '') p.push({ field: 'name', value: f.name, message: 'a full name is needed' });
  if (f.email !== null && !EMAIL_RE.test(f.email)) p.push({ field: 'email', value: f.email, message: 'expected an email address such as kari@ntnu.no' });
  if (f.logins.length === 0) p.push({ field: 'logins', value: '', message: 'at least one login method is needed (feide, idporten, registered)' });
  if (f.logins.includes('idporten') && !f.hasNin) {
    p.push({
      field: 'logins',
      value: f.logins.join(','),
      message: 'ID-porten needs a Norwegian national identity number, and this user has none recorded (record its national identity number if it has one, or drop idporten)',
    });
  }
  if (f.kind === 'external' && !f.hasNin && !f.logins.includes('feide')) {
    p.push({
      field: 'logins',
      value: f.logins.join(','),
      message: 'an external user without a Norwegian national identity number must log in with an activated Feide account: include feide',
    });
  }
  return p;
}

export function problemsToError(what: string, problems: FieldProblem[]): ValidationError {
  return new ValidationError(
    `${what}: ${problems.length === 1 ? problems[0].message : `${problems.length} problems`}`,
    problems.length === 1 ? [] : problems.map((x) => ({ input: x.field, value: x.value, message: x.message })),
  );
}

/** The JSON shape of a user (`users list --json`, `users show --json`). */
export interface UserJson extends UserFields {
  /** Roles in force, planner included where extended access implies it. */
  roles: Role[];
  extended: boolean;
  active: boolean;
  createdAt: string;
}

export function userToJson(u: User): UserJson {
  // Properties added, not spread: V8 spreads an object into a larger literal slowly, and a listing
  // makes one of these for each of tens of thousands of users.
  return Object.assign(userFieldsOf(u), { roles: effectiveRoles(u), extended: u.extended, active: u.active, createdAt: u.createdAt });
}

/** Fields as stored in an event: what a person would compare. */
export function userFieldsOf(u: User): UserFields {
  return {
    username: u.username,
    name: u.name,
    email: u.email,
    kind: u.kind,
    logins: u.logins,
    hasNin: u.hasNin,
    feideActivated: u.feideActivated,
  };
}

/**
 * Employees and students of a Norwegian institution are in the national registry, so they are
 * taken to have a national identity number unless told otherwise (--no-nin); externals are not.
 */
export function defaultHasNin(kind: UserKind): boolean {
  return kind !== 'external';
}

/** Completes an add with the defaults. */
export function newUserFields(input: AddUserInput): UserFields {
  const kind = input.kind ?? DEFAULT_USER_KIND;
  const hasNin = input.hasNin ?? defaultHasNin(kind);
  return {
    username: input.username,
    name: input.name,
    email: input.email ?? null,
    kind,
    // ID-porten by default only where the number was stated, not merely assumed.
    logins: input.logins ?? defaultLogins(input.hasNin ?? false),
    hasNin,
    feideActivated: input.feideActivated ?? defaultFeideActivated(kind),
  };
}

/** Applies a patch; `changes` lists each field that really changes, old → new. */
export function patchUser(u: UserFields, patch: UserPatch): { next: UserFields; changes: Record<string, { old: unknown; new: unknown }> } {
  const next: UserFields = { ...u };
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const key of ['name', 'email', 'kind', 'logins', 'hasNin', 'feideActivated'] as const) {
    const v = patch[key];
    if (v === undefined) continue;
    const same = Array.isArray(v) ? JSON.stringify(v) === JSON.stringify(u[key]) : v === u[key];
    if (!same) {
      changes[key] = { old: u[key], new: v };
      (next as unknown as Record<string, unknown>)[key] = v;
    }
  }
  return { next, changes };
}

/** A student account reaches no staff module, so it may hold no role or extended access. */
export function studentRoleProblem(kind: UserKind, roles: readonly string[], extended: boolean): string | null {
  const noStaff = staffRefusal(kind);
  if (!noStaff || (roles.length === 0 && !extended)) return null;
  const held = [...roles, ...(extended ? ['extended access'] : [])].join(', ');
  return `${noStaff}, and this user holds ${held}: revoke those first`;
}

export function addUser(db: Db, actor: User, input: AddUserInput, now: Date): User {
  requireUserAdmin(actor, 'add users');
  const f = newUserFields(input);
  const problems = checkUserFields(f);
  if (problems.length) throw problemsToError(`cannot add user "${input.username}"`, problems);
  return writeTx(db, () => {
    if (findUser(db, f.username)) throw new ConflictError(`a user named "${f.username}" already exists; nothing changed`);
    const at = now.toISOString();
    const id = insertUser(db, f, at);
    recordEvent(db, { actorId: actor.id, kind: 'users.add', at, subjectUserId: id, subject: f.username, new: f });
    return findUserById(db, id)!;
  });
}

export function updateUser(db: Db, actor: User, username: string, patch: UserPatch, now: Date): { user: User; changes: Record<string, { old: unknown; new: unknown }> } {
  requireUserAdmin(actor, 'update users');
  return writeTx(db, () => {
    const u = requireUser(db, username);
    const { next, changes } = patchUser(userFieldsOf(u), patch);
    if (Object.keys(changes).length === 0) return { user: u, changes };
    const problems = checkUserFields(next);
    if (problems.length) throw problemsToError(`cannot update user "${username}"`, problems);
    const student = studentRoleProblem(next.kind, u.roles, u.extended);
    if (changes.kind && student) throw new ConflictError(`cannot make "${username}" a student: ${student}`);
    storeUserFields(db, u.id, next);
    const old = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.old]));
    const nu = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.new]));
    recordEvent(db, { actorId: actor.id, kind: 'users.update', at: now.toISOString(), subjectUserId: u.id, subject: u.username, old, new: nu });
    return { user: findUserById(db, u.id)!, changes };
  });
}

/** Someone must always be able to manage users, and to grant extended access. */
export const lastAdminMessage = (username: string) =>
  `"${username}" is the last active user administrator; grant user-administrator to someone else first`;
export const lastExtendedAdminMessage = (username: string) =>
  `"${username}" is the last active user administrator with extended access; without it no one could grant extended access again`;

/**
 * Deactivates or reactivates. Deactivation keeps the user and its history (there is no delete);
 * the last active user administrator is not deactivated, or no one could manage users again.
 * Returns whether anything changed: doing it twice is not an error, so scripts can repeat it.
 */
export function setUserActive(db: Db, actor: User, username: string, active: boolean, now: Date): { user: User; changed: boolean } {
  requireUserAdmin(actor, active ? 'reactivate users' : 'deactivate users');
  return writeTx(db, () => {
    const u = requireUser(db, username);
    if (u.active === active) return { user: u, changed: false };
    if (!active && u.roles.includes('user-administrator') && otherActiveAdmins(db, u.id) === 0) {
      throw new ConflictError(lastAdminMessage(username));
    }
    if (!active && u.extended && u.roles.includes('user-administrator') && otherActiveAdmins(db, u.id, true) === 0) {
      throw new ConflictError(lastExtendedAdminMessage(username));
    }
    storeUserActive(db, u.id, active);
    recordEvent(db, {
      actorId: actor.id,
      kind: active ? 'users.reactivate' : 'users.deactivate',
      at: now.toISOString(),
      subjectUserId: u.id,
      subject: u.username,
      old: { active: u.active },
      new: { active },
    });
    return { user: findUserById(db, u.id)!, changed: true };
  });
}

/** Which users `listUsers` shows: of one kind, holding one role in force, deactivated ones too (`all`). */
export type UserFilter = UserSelection;

/** Who may look users up: user administrators and planners, who answer support questions. */
export function requireUserReader(actor: User, what: string): void {
  if (hasRole(actor, 'user-administrator') || hasRole(actor, 'planner')) return;
  requireRole(actor, 'user-administrator', `${what} (user administrators and planners may)`);
}

export function listUsers(db: Db, actor: User, filter: UserFilter = {}): User[] {
  return [...streamUsers(db, actor, filter)];
}

/** The same users as `listUsers`, read one at a time (the right is checked before the first). */
export function streamUsers(db: Db, actor: User, filter: UserFilter = {}): Iterable<User> {
  requireUserReader(actor, 'list users');
  return iterateUsers(db, filter);
}

/** One user; administrators and planners see anyone, every user sees itself. */
export function showUser(db: Db, actor: User, username: string): User {
  if (actor.username !== username) requireUserReader(actor, `show user "${username}"`);
  return requireUser(db, username);
}
