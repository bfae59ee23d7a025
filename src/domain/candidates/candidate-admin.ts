import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotFoundError, ValidationError, type Issue } from '../../errors.js';
import { cellText, dataRows, findColumns, issueAt, strangeCharacterIssues, type ColumnSpec } from '../../formats/columns.js';
import type { Table } from '../../formats/tabular.js';
import { requireExamRole } from '../access/access.js';
import { CANDIDATE_STATUSES, gradedButBarred, type CandidateStatus } from './candidates.js';
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

function candidateOfStudent(db: Db, examId: number, studentId: number): string | undefined {
  return (db.prepare('SELECT number FROM candidates WHERE exam_id = ? AND student_id = ?').get(examId, studentId) as { number: string } | undefined)
    ?.number;
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
    if (numbers.length !== 1) throw new ValidationError('--student links one candidate: give exactly one candidate number with it');
    student = requireUser(db, input.student);
    const p = studentProblem(student);
    if (p) throw new ValidationError(`cannot link ${student.username}: ${p}; nothing added`);
  }
  return writeTx(db, () => {
    const existing = numbers.filter((n) => db.prepare('SELECT 1 FROM candidates WHERE exam_id = ? AND number = ?').get(exam.id, n));
    if (existing.length) {
      throw new ConflictError(`candidate${existing.length === 1 ? '' : 's'} ${existing.join(', ')} already on test ${exam.code}; nothing added`);
    }
    if (student) {
      const other = candidateOfStudent(db, exam.id, student.id);
      if (other) throw new ConflictError(`${student.username} is already candidate ${other} on ${exam.code}; nothing added`);
    }
    const at = now.toISOString();
    const insert = db.prepare('INSERT INTO candidates (exam_id, number, student_id, status) VALUES (?, ?, ?, ?)');
    return numbers.map((n) => {
      insert.run(exam.id, n, student?.id ?? null, status);
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

const IMPORT_COLUMNS: ColumnSpec<'number' | 'student' | 'status'>[] = [
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

/**
 * Registers every candidate in the table, or none. A row that repeats a candidate already on the
 * test with the same student and status is unchanged (the same file can be imported twice); one
 * that differs is an error, since an import only adds.
 */
export function importCandidates(db: Db, actor: User, code: string, table: Table, now: Date): CandidateImportResult {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `import candidates to test ${exam.code}`);
  const cols = findColumns(table, IMPORT_COLUMNS);
  const rows = dataRows(table, cols.headerRow);
  const issues: Issue[] = strangeCharacterIssues(table, cols, IMPORT_COLUMNS);
  const seen = new Map<string, number>();
  const seenStudent = new Map<number, number>();
  const existing = new Map(
    (db.prepare('SELECT number, student_id AS studentId, status FROM candidates WHERE exam_id = ?').all(exam.id) as {
      number: string;
      studentId: number | null;
      status: CandidateStatus;
    }[]).map((r) => [r.number, r]),
  );
  const byStudent = new Map([...existing.values()].filter((r) => r.studentId !== null).map((r) => [r.studentId!, r.number]));
  const users = new Map<string, User | undefined>();
  const toAdd: { number: string; studentId: number | null; status: CandidateStatus }[] = [];
  let unchanged = 0;
  for (const row of rows) {
    const at = (key: 'number' | 'student' | 'status', message: string) => issues.push(issueAt(table, cols, row, key, message));
    const number = cellText(row.cells[cols.index.number!]).trim();
    let bad = false;
    const p = candidateNumberProblem(number);
    if (p) (at('number', p), (bad = true));
    else if (seen.has(number)) (at('number', `candidate ${number} is listed twice (also row ${seen.get(number)})`), (bad = true));
    else seen.set(number, row.rowNumber);

    let studentId: number | null = null;
    const sText = cols.index.student === undefined ? '' : cellText(row.cells[cols.index.student]).trim();
    if (sText !== '') {
      if (!users.has(sText)) users.set(sText, findUser(db, sText));
      const u = users.get(sText);
      if (!u) (at('student', 'no user with this username'), (bad = true));
      else if (studentProblem(u)) (at('student', studentProblem(u)!), (bad = true));
      else if (seenStudent.has(u.id)) (at('student', `${u.username} is listed twice (also row ${seenStudent.get(u.id)})`), (bad = true));
      else {
        seenStudent.set(u.id, row.rowNumber);
        studentId = u.id;
      }
    }
    let status: CandidateStatus = 'registered';
    const stText = cols.index.status === undefined ? '' : cellText(row.cells[cols.index.status]).trim();
    if (stText !== '') {
      const st = parseStatus(stText);
      if (st) status = st;
      else (at('status', `expected one of ${CANDIDATE_STATUSES.join(', ')}`), (bad = true));
    }
    if (bad) continue;
    const old = existing.get(number);
    if (old) {
      const sameStudent = sText === '' || old.studentId === studentId;
      const sameStatus = stText === '' || old.status === status;
      if (sameStudent && sameStatus) unchanged++;
      else {
        at('number', `candidate ${number} is already on ${exam.code} with ${sameStudent ? `status ${old.status}` : 'another student'}; an import only adds (use examctl candidates status to change a status)`);
      }
      continue;
    }
    if (studentId !== null && byStudent.has(studentId)) {
      at('student', `this student is already candidate ${byStudent.get(studentId)} on ${exam.code}`);
      continue;
    }
    toAdd.push({ number, studentId, status });
  }
  if (issues.length) {
    throw new ValidationError(`${table.file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} found; no candidate was added`, issues);
  }
  return writeTx(db, () => {
    const insert = db.prepare('INSERT INTO candidates (exam_id, number, student_id, status) VALUES (?, ?, ?, ?)');
    for (const c of toAdd) insert.run(exam.id, c.number, c.studentId, c.status);
    recordEvent(db, {
      actorId: actor.id,
      kind: 'candidates.import',
      at: now.toISOString(),
      examId: exam.id,
      subject: table.file,
      new: { file: table.file, sha256: table.sha256, added: toAdd.length, unchanged, candidates: toAdd.map((c) => c.number) },
    });
    return { test: exam.code, added: toAdd.length, unchanged, rows: rows.length };
  });
}

export interface CandidateView {
  candidate: string;
  student: string | null;
  status: CandidateStatus;
  committee: string | null;
  group: string | null;
}

/** Candidates on the test, for anyone acting on it; a student sees only itself. */
export function listCandidateViews(db: Db, actor: User, code: string, status?: string): CandidateView[] {
  const exam = requireSeeExam(db, actor, code);
  const st = status === undefined ? undefined : requireStatus(status);
  const where = ['c.exam_id = ?'];
  const params: unknown[] = [exam.id];
  if (st) (where.push('c.status = ?'), params.push(st));
  if (actor.kind === 'student') (where.push('c.student_id = ?'), params.push(actor.id));
  return db
    .prepare(
      `SELECT c.number AS candidate, u.username AS student, c.status, m.name AS committee, g.name AS "group"
       FROM candidates c LEFT JOIN users u ON u.id = c.student_id LEFT JOIN committees m ON m.id = c.committee_id
       LEFT JOIN groups g ON g.id = c.group_id WHERE ${where.join(' AND ')} ORDER BY c.number`,
    )
    .all(...params) as CandidateView[];
}

/** Numbers that are not candidates on the test: exit 4 naming all of them. */
type NumberedCandidate = { id: number; number: string; status: CandidateStatus; studentId: number | null };

export function requireNumbers(db: Db, exam: Exam, numbers: string[]): NumberedCandidate[] {
  const get = db.prepare('SELECT id, number, status, student_id AS studentId FROM candidates WHERE exam_id = ? AND number = ?');
  const found = numbers.map((n) => get.get(exam.id, n) as NumberedCandidate | undefined);
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
        [`clear the grade first (examctl grades clear ${exam.code} ${list.join(' ')}), then change the status`],
      );
    }
    const at = now.toISOString();
    const update = db.prepare('UPDATE candidates SET status = ? WHERE id = ?');
    const changes: StatusChange[] = [];
    for (const c of cands) {
      if (c.status === status) continue;
      update.run(status, c.id);
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
