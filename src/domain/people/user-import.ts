import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ValidationError, type Issue } from '../../errors.js';
import { cellText, dataRows, findColumns, issueAt, strangeCharacterIssues, type ColumnSpec, type Columns, type DataRow } from '../../formats/columns.js';
import type { Table } from '../../formats/tabular.js';
import { requireUserAdmin } from '../access/access.js';
import { recordEvent } from '../log/events.js';
import {
  checkUserFields,
  findUser,
  insertUser,
  isUserKind,
  newUserFields,
  parseLogins,
  patchUser,
  storeUserFields,
  studentRoleProblem,
  userFieldsOf,
  type FieldProblem,
  type User,
  type UserFields,
  type UserKind,
  type UserPatch,
} from './users.js';

export type ImportMode = 'add' | 'update' | 'upsert';
export const IMPORT_MODES: readonly ImportMode[] = ['add', 'update', 'upsert'];

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
  row: DataRow;
  existing: User | undefined;
  fields: UserFields;
  changes: Record<string, { old: unknown; new: unknown }>;
}

/**
 * Imports users from a sheet: every row is checked first and every problem reported; only a file
 * without problems is written, in one transaction. In `update` mode (and for existing users in
 * `upsert`) an empty cell keeps what the user has.
 */
export function importUsers(db: Db, actor: User, table: Table, opts: UserImportOptions, now: Date): UserImportResult {
  requireUserImporter(actor);
  const cols = findColumns(table, USER_COLUMNS);
  const issues: Issue[] = strangeCharacterIssues(table, cols, USER_COLUMNS);
  const planned: Planned[] = [];
  const seen = new Map<string, number>();
  const at = (row: DataRow, key: Key, message: string) => issues.push(issueAt(table, cols, row, key, message));
  const text = (row: DataRow, key: Key) => {
    const i = cols.index[key];
    return i === undefined ? '' : cellText(row.cells[i]).trim();
  };

  for (const row of dataRows(table, cols.headerRow)) {
    const username = text(row, 'username');
    const existing = username === '' ? undefined : findUser(db, username);
    // A username's problem is reported beside every problem of the rest of the row.
    const first = seen.get(username);
    const userProblem =
      username === ''
        ? 'a username is needed on every row'
        : first !== undefined
          ? `username listed twice in the file (first on row ${first})`
          : existing && opts.mode === 'add'
            ? 'a user with this username already exists (import in mode update or upsert to change it)'
            : !existing && opts.mode === 'update'
              ? 'no user with this username (import in mode add or upsert to create it)'
              : null;
    if (userProblem) at(row, 'username', userProblem);
    if (username !== '' && first === undefined) seen.set(username, row.rowNumber);

    const patch: UserPatch = {};
    const flagged = new Set<Key>();
    const bad = (key: Key, message: string) => {
      at(row, key, message);
      flagged.add(key);
    };
    const name = text(row, 'name');
    if (name !== '') patch.name = name;
    else if (!existing) bad('name', 'a full name is needed for a new user');
    const email = text(row, 'email');
    if (email !== '') patch.email = email;
    const kind = text(row, 'kind');
    if (kind !== '') {
      const k = KIND_WORDS[kind.toLowerCase()];
      if (k && isUserKind(k)) patch.kind = k;
      else bad('kind', 'expected employee, external or student (ansatt, ekstern, student)');
    }
    const logins = text(row, 'logins');
    if (logins !== '') {
      const parsed = parseLogins(logins.split(/[,;/ ]+/));
      if (parsed.problems.length) bad('logins', parsed.problems.join('; '));
      else patch.logins = parsed.logins;
    }
    for (const key of ['hasNin', 'feideActivated'] as const) {
      const v = text(row, key).toLowerCase();
      if (v === '') continue;
      if (YES.has(v)) patch[key] = true;
      else if (NO.has(v)) patch[key] = false;
      else if (key === 'hasNin' && /^\d[\d\s]{5,}$/.test(v)) {
        // The number itself is personal data examctl never keeps: not echoed in the error either.
        issues.push({
          ...issueAt(table, cols, row, key, 'write yes or no: examctl records whether a user has a national identity number, never the number itself'),
          value: '(a number, not shown)',
        });
        flagged.add(key);
      } else bad(key, 'expected yes or no (ja/nei)');
    }

    let fields: UserFields;
    let changes: Record<string, { old: unknown; new: unknown }> = {};
    if (existing) {
      ({ next: fields, changes } = patchUser(userFieldsOf(existing), patch));
    } else {
      fields = newUserFields({ username, name: patch.name ?? '', ...patch });
    }
    // Fields already found bad are not judged again; the rest of the row still is.
    const problems: FieldProblem[] = checkUserFields(fields).filter(
      (p) => !flagged.has(p.field as Key) && !(p.field === 'name' && !existing && name === '') && !(p.field === 'username' && userProblem),
    );
    for (const p of problems) at(row, p.field as Key, p.message);
    if (flagged.size || userProblem) continue;
    if (existing && changes.kind) {
      const s = studentRoleProblem(fields.kind, existing.roles, existing.extended);
      if (s) {
        at(row, 'kind', s);
        continue;
      }
    }
    if (problems.length) continue;
    planned.push({ row, existing, fields, changes });
  }

  const result: UserImportResult = {
    file: table.file,
    sha256: table.sha256,
    mode: opts.mode,
    dryRun: opts.dryRun,
    counts: { added: 0, updated: 0, unchanged: 0, errors: issues.length },
    added: [],
    updated: [],
    unchanged: [],
    errors: issues,
  };
  for (const p of planned) {
    if (!p.existing) result.added.push(p.fields.username);
    else if (Object.keys(p.changes).length) result.updated.push({ username: p.fields.username, changes: p.changes });
    else result.unchanged.push(p.fields.username);
  }
  result.counts.added = result.added.length;
  result.counts.updated = result.updated.length;
  result.counts.unchanged = result.unchanged.length;

  if (issues.length) {
    const err = new ValidationError(
      `${table.file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the file; nothing was written`,
      issues,
    );
    (err as ValidationError & { result?: UserImportResult }).result = result;
    throw err;
  }
  if (opts.dryRun) return result;

  writeTx(db, () => {
    const iso = now.toISOString();
    for (const p of planned) {
      // Another process may have added the same username since the check: the row then conflicts.
      if (!p.existing) {
        if (findUser(db, p.fields.username)) {
          throw new ValidationError(`${table.file}: nothing was imported`, [
            issueAt(table, cols as Columns<Key>, p.row, 'username', 'a user with this username was added while the file was being checked'),
          ]);
        }
        const id = insertUser(db, p.fields, iso);
        recordEvent(db, { actorId: actor.id, kind: 'users.import', at: iso, subjectUserId: id, subject: p.fields.username, new: p.fields });
      } else if (Object.keys(p.changes).length) {
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
  });
  return result;
}
