import type { Db } from '../../db/open.js';
import { ValidationError, type Issue } from '../../errors.js';
import type { ColumnSpec } from '../../formats/columns.js';
import { hasIssues, isChanged, isNew, openSheet, runImport, type Checked, type Outcome, type Sheet } from '../imports/pipeline.js';
import type { Table } from '../../formats/tabular.js';
import { requireUserAdmin } from '../access/access.js';
import { recordEvent } from '../log/events.js';
import { findUser, insertUser, storeUserFields } from './store.js';
import { DEFAULT_IMPORT_MODE, IMPORT_MODES, type ImportMode } from './user.js';
import {
  checkUserFields,
  isUserKind,
  newUserFields,
  parseLogins,
  patchUser,
  studentRoleProblem,
  userFieldsOf,
  type FieldProblem,
  type User,
  type UserFields,
  type UserKind,
  type UserPatch,
} from './users.js';

export { DEFAULT_IMPORT_MODE, IMPORT_MODES, type ImportMode };

type Key = 'username' | 'name' | 'email' | 'kind' | 'logins' | 'hasNin' | 'feideActivated';

/** Header names, English and Norwegian, compared case-, space- and punctuation-insensitively. */
export const USER_COLUMNS: ColumnSpec<Key>[] = [
  { key: 'username', headers: ['username', 'brukernavn', 'user name', 'user', 'bruker', 'user id', 'brukerid'], plain: true, required: true },
  { key: 'name', headers: ['name', 'navn', 'full name', 'fullt navn', 'fullname'] },
  { key: 'email', headers: ['email', 'e-mail', 'e-post', 'epost', 'mail', 'email address', 'e-postadresse', 'epostadresse'], plain: true },
  { key: 'kind', headers: ['kind', 'type', 'user type', 'brukertype', 'kategori'], plain: true },
  {
    key: 'logins',
    headers: ['login', 'logins', 'login methods', 'login method', 'innlogging', 'innloggingsmetode', 'innloggingsmetoder', 'pålogging'],
  },
  {
    key: 'hasNin',
    headers: ['has nin', 'nin', 'national id', 'has national id', 'national identity number', 'fødselsnummer', 'har fødselsnummer', 'fnr'],
  },
  { key: 'feideActivated', headers: ['feide activated', 'feide active', 'feide aktivert', 'aktivert feide', 'feide'], plain: true },
];

const KIND_WORDS: Record<string, UserKind> = {
  employee: 'employee',
  ansatt: 'employee',
  tilsatt: 'employee',
  external: 'external',
  ekstern: 'external',
  student: 'student',
};

const YES = new Set(['yes', 'y', 'ja', 'j', 'true', '1', 'x']);
const NO = new Set(['no', 'n', 'nei', 'false', '0']);

export interface UserImportOptions {
  mode: ImportMode;
  dryRun: boolean;
}

export interface UserImportResult {
  file: string;
  sha256: string;
  mode: ImportMode;
  dryRun: boolean;
  counts: { added: number; updated: number; unchanged: number; errors: number };
  added: string[];
  updated: Array<{ username: string; changes: Record<string, { old: unknown; new: unknown }> }>;
  unchanged: string[];
  errors: Issue[];
}

/** The permission an import needs, checked before the file is even read. */
export function requireUserImporter(actor: User): User {
  requireUserAdmin(actor, 'import users');
  return actor;
}

interface Planned {
  existing: User | undefined;
  fields: UserFields;
  changes: Record<string, { old: unknown; new: unknown }>;
}

/** What a row is checked against: the users as they are now, and the usernames seen so far. */
interface UserCheck {
  db: Db;
  sheet: Sheet<Key>;
  mode: ImportMode;
  seen: Map<string, number>;
  /** Inside the write: the usernames the check before it found new. */
  addedEarlier: Set<string> | null;
}

/** A problem of the username, reported beside every problem of the rest of the row. */
function usernameProblem(mode: ImportMode, username: string, existing: User | undefined, first: number | undefined): string | null {
  return username === ''
    ? 'a username is needed on every row'
    : first !== undefined
      ? `username listed twice in the file (first on row ${first})`
      : existing && mode === 'add'
        ? 'a user with this username already exists (import in mode update or upsert to change it)'
        : !existing && mode === 'update'
          ? 'no user with this username (import in mode add or upsert to create it)'
          : null;
}

/** The row's fields as a patch; a cell that cannot be read is reported and its field flagged. */
function rowPatch(st: UserCheck, r: number, existing: User | undefined, issues: Issue[], flagged: Set<Key>): UserPatch {
  const { sheet } = st;
  const patch: UserPatch = {};
  const bad = (key: Key, message: string) => {
    issues.push(sheet.issue(r, key, message));
    flagged.add(key);
  };
  const name = sheet.text(r, 'name');
  if (name !== '') patch.name = name;
  else if (!existing) bad('name', 'a full name is needed for a new user');
  const email = sheet.text(r, 'email');
  if (email !== '') patch.email = email;
  const kind = sheet.text(r, 'kind');
  if (kind !== '') {
    const k = KIND_WORDS[kind.toLowerCase()];
    if (k && isUserKind(k)) patch.kind = k;
    else bad('kind', 'expected employee, external or student (ansatt, ekstern, student)');
  }
  const logins = sheet.text(r, 'logins');
  if (logins !== '') {
    const parsed = parseLogins(logins.split(/[,;/ ]+/));
    if (parsed.problems.length) bad('logins', parsed.problems.join('; '));
    else patch.logins = parsed.logins;
  }
  for (const key of ['hasNin', 'feideActivated'] as const) {
    const v = sheet.text(r, key).toLowerCase();
    if (v === '') continue;
    if (YES.has(v)) patch[key] = true;
    else if (NO.has(v)) patch[key] = false;
    else if (key === 'hasNin' && /^\d[\d\s]{5,}$/.test(v)) {
      // The number itself is personal data examctl never keeps: not echoed in the error either.
      issues.push({
        ...sheet.issue(r, key, 'write yes or no: examctl records whether a user has a national identity number, never the number itself'),
        value: '(a number, not shown)',
      });
      flagged.add(key);
    } else bad(key, 'expected yes or no (ja/nei)');
  }
  return patch;
}

/** One row: a new user, a change to one, no change, or its problems. */
function checkUserRow(st: UserCheck, r: number): Outcome<Planned> {
  const { sheet } = st;
  const username = sheet.text(r, 'username');
  const existing = username === '' ? undefined : findUser(st.db, username);
  // Another process may have added the same username since the check: the row then conflicts.
  if (existing && st.addedEarlier?.has(username)) {
    return hasIssues([sheet.issue(r, 'username', 'a user with this username was added while the file was being checked')]);
  }
  const issues: Issue[] = [];
  const first = st.seen.get(username);
  const userProblem = usernameProblem(st.mode, username, existing, first);
  if (userProblem) issues.push(sheet.issue(r, 'username', userProblem));
  if (username !== '' && first === undefined) st.seen.set(username, sheet.rowNumber(r));
  const flagged = new Set<Key>();
  const patch = rowPatch(st, r, existing, issues, flagged);
  let fields: UserFields;
  let changes: Record<string, { old: unknown; new: unknown }> = {};
  if (existing) ({ next: fields, changes } = patchUser(userFieldsOf(existing), patch));
  else fields = newUserFields({ username, name: patch.name ?? '', ...patch });
  // Fields already found bad are not judged again; the rest of the row still is.
  const problems: FieldProblem[] = checkUserFields(fields).filter(
    (p) => !flagged.has(p.field as Key) && !(p.field === 'name' && !existing && patch.name === undefined) && !(p.field === 'username' && userProblem),
  );
  for (const p of problems) issues.push(sheet.issue(r, p.field as Key, p.message));
  if (flagged.size || userProblem) return hasIssues(issues);
  if (existing && changes.kind) {
    const s = studentRoleProblem(fields.kind, existing.roles, existing.extended);
    if (s) return hasIssues([...issues, sheet.issue(r, 'kind', s)]);
  }
  if (problems.length) return hasIssues(issues);
  const planned: Planned = { existing, fields, changes };
  if (!existing) return isNew(planned);
  return Object.keys(changes).length ? isChanged(planned) : { kind: 'unchanged', write: planned };
}

function resultOf(table: Table, opts: UserImportOptions, checked: Checked<Planned>): UserImportResult {
  const added = checked.writes.filter((p) => !p.existing).map((p) => p.fields.username);
  const updated = checked.writes.filter((p) => p.existing).map((p) => ({ username: p.fields.username, changes: p.changes }));
  const unchanged = checked.unchanged.map((p) => p.fields.username);
  return {
    file: table.file,
    sha256: table.sha256,
    mode: opts.mode,
    dryRun: opts.dryRun,
    counts: { added: added.length, updated: updated.length, unchanged: unchanged.length, errors: checked.issues.length },
    added,
    updated,
    unchanged,
    errors: checked.issues,
  };
}

function refuseUsers(table: Table, opts: UserImportOptions, checked: Checked<Planned>): never {
  const issues = checked.issues;
  const err = new ValidationError(`${table.file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the file; nothing was written`, issues);
  (err as ValidationError & { result?: UserImportResult }).result = resultOf(table, opts, checked);
  throw err;
}

function writeUsers(db: Db, actor: User, table: Table, opts: UserImportOptions, checked: Checked<Planned>, now: Date): UserImportResult {
  const result = resultOf(table, opts, checked);
  const iso = now.toISOString();
  for (const p of checked.writes) {
    if (!p.existing) {
      const id = insertUser(db, p.fields, iso);
      recordEvent(db, { actorId: actor.id, kind: 'users.import', at: iso, subjectUserId: id, subject: p.fields.username, new: p.fields });
    } else {
      storeUserFields(db, p.existing.id, p.fields);
      const old = Object.fromEntries(Object.entries(p.changes).map(([k, v]) => [k, v.old]));
      const nu = Object.fromEntries(Object.entries(p.changes).map(([k, v]) => [k, v.new]));
      recordEvent(db, { actorId: actor.id, kind: 'users.import', at: iso, subjectUserId: p.existing.id, subject: p.fields.username, old, new: nu });
    }
  }
  recordEvent(db, {
    actorId: actor.id,
    kind: 'users.import',
    at: iso,
    subject: table.file,
    new: { file: table.file, sha256: table.sha256, mode: opts.mode, counts: result.counts },
  });
  return result;
}

/**
 * Imports users from a sheet: every row is checked first and every problem reported; only a file
 * without problems is written, in one transaction. In `update` mode (and for existing users in
 * `upsert`) an empty cell keeps what the user has.
 */
export function importUsers(db: Db, actor: User, table: Table, opts: UserImportOptions, now: Date): UserImportResult {
  requireUserImporter(actor);
  const sheet = openSheet(table, USER_COLUMNS);
  return runImport(
    db,
    sheet,
    {
      strangeCharacters: true,
      precheck: true,
      load: (conn, s, earlier) => ({
        db: conn,
        sheet: s,
        mode: opts.mode,
        seen: new Map(),
        addedEarlier: earlier && new Set(earlier.writes.filter((p) => !p.existing).map((p) => p.fields.username)),
      }),
      check: checkUserRow,
      dryRun: (_db, _st, checked) => (checked.issues.length ? refuseUsers(table, opts, checked) : resultOf(table, opts, checked)),
      refuse: (_db, _st, checked, inside) => {
        if (inside) throw new ValidationError(`${table.file}: nothing was imported`, checked.issues);
        refuseUsers(table, opts, checked);
      },
      write: (conn, _st, checked) => writeUsers(conn, actor, table, opts, checked, now),
    },
    { dryRun: opts.dryRun },
  );
}
