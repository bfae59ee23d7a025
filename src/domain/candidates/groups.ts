import crypto from 'node:crypto';
import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotFoundError, NotPermittedError, UsageError, ValidationError, type Issue } from '../../errors.js';
import type { ColumnSpec } from '../../formats/columns.js';
import { given, say } from '../words.js';
import { hasIssues, isChanged, isNew, openSheet, runImport, type Checked, type Outcome, type Sheet } from '../imports/pipeline.js';
import type { Table } from '../../formats/tabular.js';
import { actsAs, requireActive, requireExamRole } from '../access/access.js';
import { CANDIDATE_NUMBER_HEADERS } from './candidate-admin.js';
import { candidateNumberOfStudent } from './store.js';
import {
  candidateRefs,
  clearCandidateGroup,
  findCandidateRef,
  findGroup,
  groupNames,
  groupsWithMembers,
  insertGroup,
  insertNamedGroup,
  setCandidateGroup,
  type CandidateRef,
} from './store-groups.js';
import { recordEvent } from '../log/events.js';
import { groupFindings, type Finding } from '../exams/check.js';
import { requireSeeExam } from '../exams/visible.js';
import { requireExam, type Exam } from '../exams/exams.js';
import type { User } from '../people/users.js';

/**
 * Group submission. `predefined`: the office builds groups (also from a file). `open`: a
 * student creates a group under a 4-digit PIN, which is its name; others join with the PIN.
 * `password`: like open, and the system generates a 16-character password that joining needs;
 * only its scrypt hash and salt are stored.
 */

export const PASSWORD_LENGTH = 16;
const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// No quotes, backslash, space or leading-dash trouble: the password is typed into a shell.
const SYMBOLS = '!#%*+=?@^_~.:';
const ALPHABET = DIGITS + LETTERS + SYMBOLS;

/**
 * 16 characters drawn uniformly with crypto.randomInt; drawn again until digits, letters and
 * symbols are all present (rejection keeps every valid password equally likely).
 */
export function generatePassword(): string {
  for (;;) {
    let pw = '';
    for (let i = 0; i < PASSWORD_LENGTH; i++) pw += ALPHABET[crypto.randomInt(ALPHABET.length)];
    if ([DIGITS, LETTERS, SYMBOLS].every((cls) => [...pw].some((ch) => cls.includes(ch)))) return pw;
  }
}

const SCRYPT_KEYLEN = 32;

export function hashPassword(password: string, salt = crypto.randomBytes(16)): { hash: string; salt: string } {
  return { hash: crypto.scryptSync(password, salt, SCRYPT_KEYLEN).toString('hex'), salt: salt.toString('hex') };
}

export function verifyPassword(password: string, hash: string, salt: string): boolean {
  const got = crypto.scryptSync(password, Buffer.from(salt, 'hex'), SCRYPT_KEYLEN);
  const want = Buffer.from(hash, 'hex');
  return got.length === want.length && crypto.timingSafeEqual(got, want);
}

const PIN = /^\d{4}$/;

function requireGroupMode(exam: Exam): void {
  if (exam.groupMode === 'none') {
    throw new ConflictError(`test ${exam.code} has no group submission (group mode none)`).withFixes([{ act: 'set-group-mode', test: exam.code }]);
  }
}

function candidateRef(db: Db, exam: Exam, number: string): CandidateRef {
  const c = findCandidateRef(db, exam.id, number);
  if (!c) throw new NotFoundError(`no candidate ${number} on test ${exam.code}`);
  return c;
}

function ownCandidateRef(db: Db, actor: User, exam: Exam): CandidateRef {
  const number = candidateNumberOfStudent(db, exam.id, actor.id);
  if (number === undefined) throw new NotPermittedError(`${actor.username} is not a candidate on test ${exam.code}`);
  return candidateRef(db, exam, number);
}

/**
 * Who acts for the candidate: the student linked to it, or a planner on the test for anyone.
 * Predefined groups are the office's: only a planner.
 */
function actingFor(db: Db, actor: User, exam: Exam, number: string | undefined, what: string): { candidate: CandidateRef | null; planner: boolean } {
  requireActive(actor, what);
  if (actsAs(db, actor, exam, 'planner')) return { candidate: number === undefined ? null : candidateRef(db, exam, number), planner: true };
  if (actor.kind !== 'student') {
    requireExamRole(db, actor, exam, ['planner'], what);
  }
  if (exam.groupMode === 'predefined') {
    throw new NotPermittedError(`${actor.username} may not ${what}: the groups on ${exam.code} are predefined by the exam office`);
  }
  const own = ownCandidateRef(db, actor, exam);
  if (number !== undefined && number !== own.number) {
    throw new NotPermittedError(`${actor.username} may not ${what} for candidate ${number}: a student acts only for its own candidate (${own.number})`);
  }
  return { candidate: own, planner: false };
}

/** Moves the candidate into the group inside the caller's transaction; logs a move out of another group. */
function putInGroup(db: Db, actor: User, exam: Exam, c: CandidateRef, group: { id: number; name: string }, at: string, kind: string): boolean {
  if (c.groupId === group.id) return false;
  setCandidateGroup(db, c.id, group.id);
  recordEvent(db, {
    actorId: actor.id,
    kind,
    at,
    examId: exam.id,
    subjectUserId: c.studentId,
    subject: c.number,
    old: c.group === null ? null : { group: c.group },
    new: { group: group.name },
  });
  return true;
}

export interface CreatedGroup {
  group: string;
  pin: string | null;
  /** Password groups only; shown once, never stored. */
  password?: string;
  /** The candidate put in the group on creation (a student's own). */
  member: string | null;
}

export interface CreateGroupInput {
  pin?: string;
  name?: string;
  /** A planner creating an open or password group on behalf of this candidate. */
  candidate?: string;
}

export function createGroup(db: Db, actor: User, code: string, input: CreateGroupInput, now: Date): CreatedGroup {
  const exam = requireExam(db, code);
  // Rights first: the group mode of a test is no answer for someone who may not act on it.
  const who = actingFor(db, actor, exam, input.candidate, `create a group on test ${exam.code}`);
  requireGroupMode(exam);
  let name: string;
  let pin: string | null = null;
  if (exam.groupMode === 'predefined') {
    if (input.pin !== undefined) throw new UsageError(say`groups on ${exam.code} are predefined: they have a ${given('name')}, no PIN`);
    name = (input.name ?? '').trim();
    if (name === '' || name.length > 100) throw new UsageError(say`a predefined group needs ${given('name')} <name> (1 to 100 characters)`);
  } else {
    if (input.name !== undefined && input.name !== input.pin) {
      throw new UsageError(say`an ${exam.groupMode} group is named by its 4-digit PIN: give ${given('pin')}, not ${given('name')}`);
    }
    if (input.pin !== undefined && !PIN.test(input.pin)) {
      throw new ValidationError(`a PIN is exactly 4 digits, not "${input.pin}"`);
    }
    pin = input.pin ?? null;
    name = '';
  }
  return writeTx(db, () => {
    if (pin === null && exam.groupMode !== 'predefined') {
      const taken = new Set(groupNames(db, exam.id));
      if (taken.size >= 10_000) throw new ConflictError(`every 4-digit PIN on ${exam.code} is taken`);
      do pin = String(crypto.randomInt(10_000)).padStart(4, '0');
      while (taken.has(pin));
    }
    if (pin !== null) name = pin;
    if (findGroup(db, exam.id, name)) {
      throw new ConflictError(
        pin !== null ? `PIN ${pin} is already a group on ${exam.code}: choose another PIN; nothing changed` : `group "${name}" already exists on ${exam.code}; nothing changed`,
      );
    }
    let password: string | undefined;
    let hash: { hash: string; salt: string } | null = null;
    if (exam.groupMode === 'password') {
      password = generatePassword();
      hash = hashPassword(password);
    }
    const at = now.toISOString();
    const id = insertGroup(db, { examId: exam.id, name, pin, passwordHash: hash?.hash ?? null, passwordSalt: hash?.salt ?? null, createdAt: at });
    recordEvent(db, {
      actorId: actor.id,
      kind: 'groups.create',
      at,
      examId: exam.id,
      subjectUserId: who.candidate?.studentId ?? null,
      subject: name,
      new: { group: name, mode: exam.groupMode, candidate: who.candidate?.number ?? null },
    });
    if (who.candidate) putInGroup(db, actor, exam, who.candidate, { id, name }, at, 'groups.join');
    return { group: name, pin, ...(password !== undefined ? { password } : {}), member: who.candidate?.number ?? null };
  });
}

export interface JoinResult {
  group: string;
  candidate: string;
  /** The group the candidate left by joining, if any. */
  from: string | null;
  changed: boolean;
}

export function joinGroup(db: Db, actor: User, code: string, groupName: string, number: string, password: string | undefined, now: Date): JoinResult {
  const exam = requireExam(db, code);
  const who = actingFor(db, actor, exam, number, `join a group on test ${exam.code}`);
  requireGroupMode(exam);
  const c = who.candidate!;
  if (exam.groupMode !== 'predefined' && !PIN.test(groupName)) {
    throw new ValidationError(`groups on ${exam.code} are named by a 4-digit PIN; "${groupName}" is not one; nothing changed`);
  }
  const g = findGroup(db, exam.id, groupName);
  if (!g) throw new NotFoundError(`no group ${groupName} on test ${exam.code}; nothing changed`);
  if (exam.groupMode === 'password' && !who.planner) {
    if (password === undefined) throw new UsageError(say`group ${g.name} needs its password: ${given('password')} <password>`);
    if (!g.passwordHash || !g.passwordSalt || !verifyPassword(password, g.passwordHash, g.passwordSalt)) {
      throw new NotPermittedError(`wrong password for group ${g.name} on ${exam.code}; nothing changed`);
    }
  }
  return writeTx(db, () => {
    const fresh = candidateRef(db, exam, c.number);
    const changed = putInGroup(db, actor, exam, fresh, g, now.toISOString(), 'groups.join');
    return { group: g.name, candidate: fresh.number, from: fresh.groupId === g.id ? null : fresh.group, changed };
  });
}

export function leaveGroup(db: Db, actor: User, code: string, number: string | undefined, now: Date): { candidate: string; group: string | null } {
  const exam = requireExam(db, code);
  const who = actingFor(db, actor, exam, number, `leave a group on test ${exam.code}`);
  requireGroupMode(exam);
  if (!who.candidate) throw new UsageError('name the candidate who leaves its group');
  const c = who.candidate;
  return writeTx(db, () => {
    const fresh = candidateRef(db, exam, c.number);
    if (fresh.groupId === null) return { candidate: fresh.number, group: null };
    clearCandidateGroup(db, fresh.id);
    recordEvent(db, {
      actorId: actor.id,
      kind: 'groups.leave',
      at: now.toISOString(),
      examId: exam.id,
      subjectUserId: fresh.studentId,
      subject: fresh.number,
      old: { group: fresh.group },
    });
    return { candidate: fresh.number, group: fresh.group };
  });
}

const GROUP_COLUMNS: ColumnSpec<'group' | 'number'>[] = [
  { key: 'group', headers: ['group', 'gruppe', 'group name', 'gruppenavn', 'gruppenummer'], required: true },
  { key: 'number', headers: CANDIDATE_NUMBER_HEADERS, required: true, plain: true },
];

export interface GroupImportResult {
  test: string;
  groupsCreated: string[];
  assigned: number;
  moved: number;
  unchanged: number;
}

interface Membership {
  cand: CandidateRef;
  group: string;
}

/** What a row is checked against: the test's candidates and their groups as they are now; every row that is fine, in file order. */
interface GroupCheck {
  exam: Exam;
  sheet: Sheet<'group' | 'number'>;
  cands: Map<string, CandidateRef>;
  seen: Map<string, number>;
  plan: Membership[];
}

function loadGroupCheck(db: Db, exam: Exam, sheet: Sheet<'group' | 'number'>): GroupCheck {
  const cands = new Map(candidateRefs(db, exam.id).map((c) => [c.number, c]));
  return { exam, sheet, cands, seen: new Map(), plan: [] };
}

/** One row: a candidate put in a group (new), moved from another (changed), already in it, or its problems. */
function checkGroupRow(st: GroupCheck, r: number): Outcome<Membership> {
  const { sheet, exam, seen } = st;
  const issues: Issue[] = [];
  const group = sheet.text(r, 'group');
  const number = sheet.text(r, 'number');
  if (group === '') issues.push(sheet.issue(r, 'group', 'a group name is needed'));
  else if (group.length > 100) issues.push(sheet.issue(r, 'group', 'a group name has at most 100 characters'));
  const cand = st.cands.get(number);
  if (number === '') issues.push(sheet.issue(r, 'number', 'a candidate number is needed'));
  else if (!cand) issues.push(sheet.issue(r, 'number', `no candidate with this number on ${exam.code}`));
  else if (seen.has(number)) issues.push(sheet.issue(r, 'number', `candidate ${number} is listed twice (also row ${seen.get(number)})`));
  else seen.set(number, sheet.rowNumber(r));
  if (issues.length) return hasIssues(issues);
  const m: Membership = { cand: cand!, group };
  st.plan.push(m);
  // Group names are unique on a test: the same name is the same group.
  if (cand!.group === group) return { kind: 'unchanged', write: m };
  return cand!.groupId === null ? isNew(m) : isChanged(m);
}

/** Inside the write: the groups the file names that do not exist yet are created, then every candidate put in its group. */
function writeGroups(db: Db, actor: User, table: Table, st: GroupCheck, checked: Checked<Membership>, now: Date): GroupImportResult {
  const { exam, plan } = st;
  const at = now.toISOString();
  const ids = new Map<string, number>();
  const created: string[] = [];
  for (const { group } of plan) {
    if (ids.has(group)) continue;
    const g = findGroup(db, exam.id, group);
    if (g) ids.set(group, g.id);
    else {
      ids.set(group, insertNamedGroup(db, exam.id, group, at));
      created.push(group);
    }
  }
  for (const { cand, group } of checked.writes) setCandidateGroup(db, cand.id, ids.get(group)!);
  const moves = checked.writes.filter((m) => m.cand.groupId !== null).map((m) => ({ candidate: m.cand.number, from: m.cand.group!, to: m.group }));
  recordEvent(db, {
    actorId: actor.id,
    kind: 'groups.import',
    at,
    examId: exam.id,
    subject: table.file,
    new: {
      file: table.file,
      sha256: table.sha256,
      groupsCreated: created,
      members: Object.fromEntries([...ids.keys()].map((g) => [g, plan.filter((p) => p.group === g).map((p) => p.cand.number)])),
      moved: moves,
    },
  });
  return { test: exam.code, groupsCreated: created, assigned: checked.counts.new, moved: moves.length, unchanged: checked.counts.unchanged };
}

/** Builds predefined groups from a file (columns group, candidate number): all or nothing. */
export function importGroups(db: Db, actor: User, code: string, table: Table, now: Date): GroupImportResult {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `import groups on test ${exam.code}`);
  if (exam.groupMode !== 'predefined') {
    throw new ConflictError(`groups are imported only on a test with predefined groups; ${exam.code} has group mode ${exam.groupMode}`);
  }
  const refuse = (checked: Checked<Membership>): never => {
    const issues = checked.issues;
    throw new ValidationError(`${table.file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} found; no group was changed`, issues);
  };
  return runImport(
    db,
    openSheet(table, GROUP_COLUMNS),
    {
      strangeCharacters: true,
      precheck: true,
      load: (conn, sheet) => loadGroupCheck(conn, exam, sheet),
      check: checkGroupRow,
      refuse: (_db, _st, checked) => refuse(checked),
      write: (conn, st, checked) => writeGroups(conn, actor, table, st, checked, now),
    },
    { dryRun: false },
  );
}

export interface GroupView {
  group: string;
  pin: string | null;
  members: string[];
}

/** The test's groups with their members; a student sees only its own group. Passwords never appear. */
export function listGroups(db: Db, actor: User, code: string): GroupView[] {
  const exam = requireSeeExam(db, actor, code);
  let views = groupsWithMembers(db, exam.id).map((r) => ({ group: r.name, pin: r.pin, members: r.members }));
  if (actor.kind === 'student') {
    const own = ownCandidateRef(db, actor, exam);
    views = views.filter((v) => v.members.includes(own.number));
  }
  return views;
}

/** `groups check`: candidates in no group (one who writes alone needs a group too) and empty groups. */
export function checkGroups(db: Db, actor: User, code: string): { exam: Exam; findings: Finding[] } {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `check groups on test ${exam.code}`);
  requireGroupMode(exam);
  return { exam, findings: groupFindings(db, exam.id) };
}
