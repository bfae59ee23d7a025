import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotFoundError, ValidationError, type Issue } from '../../errors.js';
import type { ColumnSpec } from '../../formats/columns.js';
import { given, say } from '../words.js';
import { UNCHANGED, hasIssues, isNew, openSheet, runImport, type Checked, type Outcome, type Sheet } from '../imports/pipeline.js';
import type { Table } from '../../formats/tabular.js';
import { requireExamRole } from '../access/access.js';
import { CANDIDATE_STATUSES, gradedButBarred, type CandidateStatus } from './candidates.js';
import {
  candidateEntries,
  candidateNumberOfStudent,
  candidateNumberTaken,
  candidatesByNumber,
  candidateViews,
  insertCandidate,
  insertCandidates,
  updateCandidateStatus,
  type CandidateView,
  type NumberedCandidate,
} from './store.js';
import { recordEvent } from '../log/events.js';
import { requireSeeExam } from '../exams/visible.js';
import { requireExam, type Exam } from '../exams/exams.js';
import { findUser, requireUser, type User } from '../people/users.js';

/** Registering candidates on a test and changing their status. A planner on the test does it. */

/** Candidate numbers are text matched exactly: no spaces, at most 40 characters. */
export function candidateNumberProblem(n: string): string | null {
  if (n === '') return 'a candidate number must not be empty';
  if (/\s/.test(n)) return 'a candidate number has no spaces';
  if (/[,;]/.test(n)) return 'a candidate number has no commas or semicolons (one number per cell)';
  if (n.length > 40) return 'a candidate number has at most 40 characters';
  return null;
}

export function parseStatus(s: string): CandidateStatus | null {
  const t = s.trim().toLowerCase();
  return (CANDIDATE_STATUSES as readonly string[]).includes(t) ? (t as CandidateStatus) : null;
}

function requireStatus(s: string): CandidateStatus {
  const st = parseStatus(s);
  if (!st) throw new ValidationError(`"${s}" is not a candidate status: expected one of ${CANDIDATE_STATUSES.join(', ')}`);
  return st;
}

/** Why the user cannot be linked to a candidate, or null: only student accounts sit exams. */
function studentProblem(u: User): string | null {
  return u.kind === 'student' ? null : `${u.username} is an ${u.kind} account, not a student`;
}

export interface AddCandidatesInput {
  student?: string;
  status?: string;
}

export interface AddedCandidate {
  candidate: string;
  student: string | null;
  status: CandidateStatus;
}

export function addCandidates(db: Db, actor: User, code: string, numbers: string[], input: AddCandidatesInput, now: Date): AddedCandidate[] {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `register candidates on test ${exam.code}`);
  const status = input.status === undefined ? 'registered' : requireStatus(input.status);
  const problems = numbers.map((n) => [n, candidateNumberProblem(n)] as const).filter(([, p]) => p);
  if (problems.length) throw new ValidationError('invalid candidate numbers; nothing added', problems.map(([n, p]) => ({ value: n, message: p! })));
  const twice = numbers.filter((n, i) => numbers.indexOf(n) !== i);
  if (twice.length) throw new ValidationError(`candidate number${twice.length === 1 ? '' : 's'} given twice: ${[...new Set(twice)].join(', ')}; nothing added`);
  let student: User | null = null;
  if (input.student !== undefined) {
    if (numbers.length !== 1) throw new ValidationError(say`${given('student')} links one candidate: give exactly one candidate number with it`);
    student = requireUser(db, input.student);
    const p = studentProblem(student);
    if (p) throw new ValidationError(`cannot link ${student.username}: ${p}; nothing added`);
  }
  return writeTx(db, () => {
    const existing = numbers.filter((n) => candidateNumberTaken(db, exam.id, n));
    if (existing.length) {
      throw new ConflictError(`candidate${existing.length === 1 ? '' : 's'} ${existing.join(', ')} already on test ${exam.code}; nothing added`);
    }
    if (student) {
      const other = candidateNumberOfStudent(db, exam.id, student.id);
      if (other) throw new ConflictError(`${student.username} is already candidate ${other} on ${exam.code}; nothing added`);
    }
    const at = now.toISOString();
    return numbers.map((n) => {
      insertCandidate(db, exam.id, { number: n, studentId: student?.id ?? null, status });
      recordEvent(db, {
        actorId: actor.id,
        kind: 'candidates.add',
        at,
        examId: exam.id,
        subjectUserId: student?.id ?? null,
        subject: n,
        new: { candidate: n, student: student?.username ?? null, status },
      });
      return { candidate: n, student: student?.username ?? null, status };
    });
  });
}

/** Headers that name the candidate-number column, English and Norwegian. */
export const CANDIDATE_NUMBER_HEADERS = ['candidate number', 'kandidatnummer', 'kandidatnr', 'kand nr', 'kandidat id', 'candidate', 'candidate no', 'kandidat', 'number', 'nummer'];

const IMPORT_COLUMNS: ColumnSpec<CandidateKey>[] = [
  { key: 'number', headers: CANDIDATE_NUMBER_HEADERS, required: true, plain: true },
  { key: 'student', headers: ['student', 'student username', 'username', 'brukernavn', 'feide', 'student id'], plain: true },
  { key: 'status', headers: ['status', 'tilstand'], plain: true },
];

export interface CandidateImportResult {
  test: string;
  added: number;
  unchanged: number;
  rows: number;
}

type CandidateKey = 'number' | 'student' | 'status';

interface NewCandidate {
  number: string;
  studentId: number | null;
  status: CandidateStatus;
}

/** What a row is checked against: the test's candidates as they are now, and what the rows so far named. */
interface CandidateCheck {
  db: Db;
  exam: Exam;
  sheet: Sheet<CandidateKey>;
  existing: Map<string, { number: string; studentId: number | null; status: CandidateStatus }>;
  byStudent: Map<number, string>;
  users: Map<string, User | undefined>;
  seen: Map<string, number>;
  seenStudent: Map<number, number>;
}

function loadCandidateCheck(db: Db, exam: Exam, sheet: Sheet<CandidateKey>): CandidateCheck {
  const existing = new Map(candidateEntries(db, exam.id).map((r) => [r.number, r]));
  const byStudent = new Map([...existing.values()].filter((r) => r.studentId !== null).map((r) => [r.studentId!, r.number]));
  return { db, exam, sheet, existing, byStudent, users: new Map(), seen: new Map(), seenStudent: new Map() };
}

/** The row's student cell: the student's id, null for none, or its problem. */
function rowStudent(st: CandidateCheck, r: number, sText: string): number | null | { problem: string } {
  if (sText === '') return null;
  const { users, seenStudent } = st;
  if (!users.has(sText)) users.set(sText, findUser(st.db, sText));
  const u = users.get(sText);
  if (!u) return { problem: 'no user with this username' };
  if (studentProblem(u)) return { problem: studentProblem(u)! };
  if (seenStudent.has(u.id)) return { problem: `${u.username} is listed twice (also row ${seenStudent.get(u.id)})` };
  seenStudent.set(u.id, st.sheet.rowNumber(r));
  return u.id;
}

/** One row: a candidate to add, one already on the test as the row has it, or its problems. */
function checkCandidateRow(st: CandidateCheck, r: number): Outcome<NewCandidate> {
  const { sheet, exam, seen, byStudent } = st;
  const issues: Issue[] = [];
  const at = (key: CandidateKey, message: string) => issues.push(sheet.issue(r, key, message));
  const number = sheet.text(r, 'number');
  const p = candidateNumberProblem(number);
  if (p) at('number', p);
  else if (seen.has(number)) at('number', `candidate ${number} is listed twice (also row ${seen.get(number)})`);
  else seen.set(number, sheet.rowNumber(r));
  const sText = sheet.text(r, 'student');
  const student = rowStudent(st, r, sText);
  if (student !== null && typeof student === 'object') at('student', student.problem);
  const studentId = typeof student === 'number' ? student : null;
  let status: CandidateStatus = 'registered';
  const stText = sheet.text(r, 'status');
  if (stText !== '') {
    const parsed = parseStatus(stText);
    if (parsed) status = parsed;
    else at('status', `expected one of ${CANDIDATE_STATUSES.join(', ')}`);
  }
  if (issues.length) return hasIssues(issues);
  const old = st.existing.get(number);
  if (old) {
    const sameStudent = sText === '' || old.studentId === studentId;
    const sameStatus = stText === '' || old.status === status;
    if (sameStudent && sameStatus) return UNCHANGED;
    at('number', `candidate ${number} is already on ${exam.code} with ${sameStudent ? `status ${old.status}` : 'another student'}; an import only adds (a status is changed with "candidates status")`);
    return hasIssues(issues);
  }
  if (studentId !== null && byStudent.has(studentId)) {
    at('student', `this student is already candidate ${byStudent.get(studentId)} on ${exam.code}`);
    return hasIssues(issues);
  }
  return isNew({ number, studentId, status });
}

/**
 * Registers every candidate in the table, or none. A row that repeats a candidate already on the
 * test with the same student and status is unchanged (the same file can be imported twice); one
 * that differs is an error, since an import only adds.
 */
export function importCandidates(db: Db, actor: User, code: string, table: Table, now: Date): CandidateImportResult {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `import candidates to test ${exam.code}`);
  const resultOf = (checked: Checked<NewCandidate>): CandidateImportResult => ({ test: exam.code, added: checked.writes.length, unchanged: checked.counts.unchanged, rows: checked.rows });
  const refuse = (checked: Checked<NewCandidate>): never => {
    const issues = checked.issues;
    throw new ValidationError(`${table.file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} found; no candidate was added`, issues);
  };
  return runImport(
    db,
    openSheet(table, IMPORT_COLUMNS),
    {
      strangeCharacters: true,
      precheck: true,
      load: (conn, sheet) => loadCandidateCheck(conn, exam, sheet),
      check: checkCandidateRow,
      refuse: (_db, _st, checked) => refuse(checked),
      write: (conn, _st, checked) => {
        const toAdd = checked.writes;
        insertCandidates(conn, exam.id, toAdd);
        const unchanged = checked.counts.unchanged;
        recordEvent(conn, {
          actorId: actor.id,
          kind: 'candidates.import',
          at: now.toISOString(),
          examId: exam.id,
          subject: table.file,
          new: { file: table.file, sha256: table.sha256, added: toAdd.length, unchanged, candidates: toAdd.map((c) => c.number) },
        });
        return resultOf(checked);
      },
    },
    { dryRun: false },
  );
}

export type { CandidateView } from './store.js';

/** Candidates on the test, for anyone acting on it; a student sees only itself. */
export function listCandidateViews(db: Db, actor: User, code: string, status?: string): CandidateView[] {
  return [...streamCandidateViews(db, actor, code, status)];
}

/** The same candidates as `listCandidateViews`, read one at a time (rights and status checked first). */
export function streamCandidateViews(db: Db, actor: User, code: string, status?: string): Iterable<CandidateView> {
  const exam = requireSeeExam(db, actor, code);
  const st = status === undefined ? undefined : requireStatus(status);
  return candidateViews(db, exam.id, { status: st, studentId: actor.kind === 'student' ? actor.id : undefined });
}

/** The candidates with these numbers; numbers that are not candidates on the test: exit 4 naming all of them. */
export function requireNumbers(db: Db, exam: Exam, numbers: string[]): NumberedCandidate[] {
  const found = candidatesByNumber(db, exam.id, numbers);
  const missing = numbers.filter((_, i) => !found[i]);
  if (missing.length) throw new NotFoundError(`no candidate${missing.length === 1 ? '' : 's'} ${missing.join(', ')} on test ${exam.code}; nothing changed`);
  return found as NumberedCandidate[];
}

export interface StatusChange {
  candidate: string;
  old: CandidateStatus;
  new: CandidateStatus;
}

/** Sets the status of the candidates (planner on the test); each change is logged. */
export function setCandidateStatus(db: Db, actor: User, code: string, statusText: string, numbers: string[], now: Date): StatusChange[] {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `change candidate status on test ${exam.code}`);
  const status = requireStatus(statusText);
  if (numbers.length === 0) throw new ValidationError('name at least one candidate number');
  return writeTx(db, () => {
    const cands = requireNumbers(db, exam, [...new Set(numbers)]);
    const moved = new Set(cands.filter((c) => c.status !== status).map((c) => c.id));
    const barred = gradedButBarred(db, exam, { ids: moved, to: status }).filter((b) => moved.has(b.id));
    if (barred.length) {
      const list = barred.map((b) => b.number);
      const rule = exam.registration
        ? 'on a grade registration test only attended or submitted candidates take a grade'
        : 'an absent or withdrawn candidate takes no grade';
      throw new ConflictError(
        `cannot make ${list.length === 1 ? 'candidate' : 'candidates'} ${list.join(', ')} ${status} on ${exam.code}: ${list.length === 1 ? 'it has' : 'they have'} a grade or mark, and ${rule}; nothing changed`,
        ['clear the grade first, then change the status'],
      ).withFixes([{ act: 'clear-grades', test: exam.code, candidates: list }]);
    }
    const at = now.toISOString();
    const changes: StatusChange[] = [];
    for (const c of cands) {
      if (c.status === status) continue;
      updateCandidateStatus(db, c.id, status);
      recordEvent(db, {
        actorId: actor.id,
        kind: 'candidates.status',
        at,
        examId: exam.id,
        subjectUserId: c.studentId,
        subject: c.number,
        old: c.status,
        new: status,
      });
      changes.push({ candidate: c.number, old: c.status, new: status });
    }
    return changes;
  });
}
