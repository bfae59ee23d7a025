import { stmt } from '../../db/statements.js';
import type { Db } from '../../db/open.js';
import { runInSets, type SetColumn } from '../../db/sets.js';

/**
 * Reading and writing candidates in the database. No rules here: callers check rights and
 * statuses first, and record events.
 */

export const CANDIDATE_STATUSES = ['registered', 'attended', 'submitted', 'absent', 'withdrawn'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

export interface Candidate {
  id: number;
  examId: number;
  /** As registered: text, matched exactly. */
  number: string;
  studentId: number | null;
  student: string | null;
  status: CandidateStatus;
  committeeId: number | null;
  committee: string | null;
  groupId: number | null;
}

/** Statements an import or a batch runs once per candidate: the one cache per connection. */
export { stmt } from '../../db/statements.js';

const CANDIDATE_SELECT = `SELECT c.id, c.exam_id AS examId, c.number, c.student_id AS studentId,
  u.username AS student, c.status, c.committee_id AS committeeId, m.name AS committee, c.group_id AS groupId
  FROM candidates c LEFT JOIN users u ON u.id = c.student_id LEFT JOIN committees m ON m.id = c.committee_id`;

const OF_EXAM = `${CANDIDATE_SELECT} WHERE c.exam_id = ? ORDER BY c.number`;

export function listCandidates(db: Db, examId: number): Candidate[] {
  return db.prepare(OF_EXAM).all(examId) as Candidate[];
}

/** A test's candidates by number, read one at a time. */
export function iterateCandidates(db: Db, examId: number): IterableIterator<Candidate> {
  return db.prepare(OF_EXAM).iterate(examId) as IterableIterator<Candidate>;
}

export function findCandidate(db: Db, examId: number, number: string): Candidate | undefined {
  return db.prepare(`${CANDIDATE_SELECT} WHERE c.exam_id = ? AND c.number = ?`).get(examId, number) as
    | Candidate
    | undefined;
}

/** The candidates on the test that hold a grade or a private mark, by number. */
export function gradedCandidates(db: Db, examId: number): { id: number; number: string; status: CandidateStatus }[] {
  return db
    .prepare(
      `SELECT c.id, c.number, c.status FROM candidates c WHERE c.exam_id = ?
         AND (EXISTS (SELECT 1 FROM grades g WHERE g.candidate_id = c.id)
              OR EXISTS (SELECT 1 FROM marks m WHERE m.candidate_id = c.id))
       ORDER BY c.number`,
    )
    .all(examId) as { id: number; number: string; status: CandidateStatus }[];
}

export function candidateCount(db: Db, examId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM candidates WHERE exam_id = ?').get(examId) as { n: number }).n;
}

/** Whether the student is a candidate on the test. */
export function isCandidateOn(db: Db, examId: number, studentId: number): boolean {
  return !!db.prepare('SELECT 1 FROM candidates WHERE exam_id = ? AND student_id = ?').get(examId, studentId);
}

/** The number of the student's candidate on the test, if it has one. */
export function candidateNumberOfStudent(db: Db, examId: number, studentId: number): string | undefined {
  return (db.prepare('SELECT number FROM candidates WHERE exam_id = ? AND student_id = ?').get(examId, studentId) as { number: string } | undefined)
    ?.number;
}

/** Whether the number is a candidate on the test. */
export function candidateNumberTaken(db: Db, examId: number, number: string): boolean {
  return !!db.prepare('SELECT 1 FROM candidates WHERE exam_id = ? AND number = ?').get(examId, number);
}

export function insertCandidate(db: Db, examId: number, c: { number: string; studentId: number | null; status: CandidateStatus }): void {
  stmt(db, 'INSERT INTO candidates (exam_id, number, student_id, status) VALUES (?, ?, ?, ?)').run(examId, c.number, c.studentId, c.status);
}

type NewCandidate = { number: string; studentId: number | null; status: CandidateStatus };

const NEW_CANDIDATE: readonly SetColumn<NewCandidate>[] = [
  { name: 'n', type: 'text', of: (c) => c.number },
  { name: 'u', type: 'integer', of: (c) => c.studentId },
  { name: 's', type: 'text', of: (c) => c.status },
];

/** Registers many candidates on the test, in their order, as sets (src/db/sets.ts): the rows insertCandidate writes for each. */
export function insertCandidates(db: Db, examId: number, list: readonly NewCandidate[]): void {
  runInSets(db, list, NEW_CANDIDATE, (from) => `INSERT INTO candidates (exam_id, number, student_id, status) SELECT ?, t.n, t.u, t.s FROM ${from}`, [examId]);
}

/** Each candidate on the test with its student and status. */
export function candidateEntries(db: Db, examId: number): { number: string; studentId: number | null; status: CandidateStatus }[] {
  return db.prepare('SELECT number, student_id AS studentId, status FROM candidates WHERE exam_id = ?').all(examId) as {
    number: string;
    studentId: number | null;
    status: CandidateStatus;
  }[];
}

export interface CandidateView {
  candidate: string;
  student: string | null;
  status: CandidateStatus;
  committee: string | null;
  group: string | null;
}

/** The test's candidates as a list shows them, by number; only those with the status, or of the student, when given. */
/** A test's candidates as listed, by number, read one at a time. */
export function candidateViews(db: Db, examId: number, only: { status?: CandidateStatus; studentId?: number }): IterableIterator<CandidateView> {
  const where = ['c.exam_id = ?'];
  const params: unknown[] = [examId];
  if (only.status) (where.push('c.status = ?'), params.push(only.status));
  if (only.studentId !== undefined) (where.push('c.student_id = ?'), params.push(only.studentId));
  return db
    .prepare(
      `SELECT c.number AS candidate, u.username AS student, c.status, m.name AS committee, g.name AS "group"
       FROM candidates c LEFT JOIN users u ON u.id = c.student_id LEFT JOIN committees m ON m.id = c.committee_id
       LEFT JOIN groups g ON g.id = c.group_id WHERE ${where.join(' AND ')} ORDER BY c.number`,
    )
    .iterate(...params) as IterableIterator<CandidateView>;
}

export type NumberedCandidate = { id: number; number: string; status: CandidateStatus; studentId: number | null };

/** The candidates with these numbers on the test, in the order asked (undefined where none), read in one statement. */
export function candidatesByNumber(db: Db, examId: number, numbers: string[]): (NumberedCandidate | undefined)[] {
  const rows = stmt(db, 'SELECT id, number, status, student_id AS studentId FROM candidates WHERE exam_id = ? AND number IN (SELECT value FROM json_each(?))').all(
    examId,
    JSON.stringify(numbers),
  ) as NumberedCandidate[];
  const byNumber = new Map(rows.map((r) => [r.number, r]));
  return numbers.map((n) => byNumber.get(n));
}

export function updateCandidateStatus(db: Db, candidateId: number, status: CandidateStatus): void {
  stmt(db, 'UPDATE candidates SET status = ? WHERE id = ?').run(status, candidateId);
}

/** Numbers of the test's candidates in no committee. */
export function candidatesWithoutCommittee(db: Db, examId: number): string[] {
  return (
    db.prepare('SELECT number FROM candidates WHERE exam_id = ? AND committee_id IS NULL ORDER BY number').all(examId) as { number: string }[]
  ).map((r) => r.number);
}
