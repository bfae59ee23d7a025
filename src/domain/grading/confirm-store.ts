import type { Db } from '../../db/open.js';
import { ID_COLUMN, runInSets } from '../../db/sets.js';
import { stmt } from '../../db/statements.js';

/** Reading and writing confirmations and the lock on grades of record. No rules here. */

/** Who has confirmed each candidate's grade on the test: candidate id to user ids. */
export function confirmationsOfExam(db: Db, examId: number): Map<number, Set<number>> {
  const rows = stmt(db, 'SELECT k.candidate_id, k.user_id FROM confirmations k JOIN candidates c ON c.id = k.candidate_id WHERE c.exam_id = ?')
    .raw()
    .all(examId) as [number, number][];
  const out = new Map<number, Set<number>>();
  for (const [candidate, user] of rows) {
    let users = out.get(candidate);
    if (!users) out.set(candidate, (users = new Set()));
    users.add(user);
  }
  return out;
}

/** One user's confirmation of each candidate's grade, as sets (src/db/sets.ts), in the order given. */
export function insertConfirmations(db: Db, candidateIds: readonly number[], userId: number, at: string): void {
  runInSets(db, candidateIds, [ID_COLUMN], (from) => `INSERT INTO confirmations (candidate_id, user_id, at) SELECT t.c, ?, ? FROM ${from}`, [userId, at]);
}

/** Locks the grades of record of the candidates, as sets. */
export function lockGrades(db: Db, candidateIds: readonly number[], at: string): void {
  runInSets(db, candidateIds, [ID_COLUMN], (from) => `UPDATE grades SET confirmed = 1, confirmed_at = ? WHERE candidate_id IN (SELECT t.c FROM ${from})`, [at]);
}

export function forgetConfirmations(db: Db, candidateId: number): void {
  stmt(db, 'DELETE FROM confirmations WHERE candidate_id = ?').run(candidateId);
}

export function lockGrade(db: Db, candidateId: number, at: string): void {
  stmt(db, 'UPDATE grades SET confirmed = 1, confirmed_at = ? WHERE candidate_id = ?').run(at, candidateId);
}

export function unlockGrade(db: Db, candidateId: number): void {
  stmt(db, 'UPDATE grades SET confirmed = 0, confirmed_at = NULL WHERE candidate_id = ?').run(candidateId);
}

/** Rewrites the letter of a grade of record, nothing else (a regrade under the thresholds in force). */
export function setGradeLetter(db: Db, candidateId: number, grade: string | null): void {
  stmt(db, 'UPDATE grades SET grade = ? WHERE candidate_id = ?').run(grade, candidateId);
}

export interface ConfirmedGrade {
  candidateId: number;
  number: string;
  studentId: number | null;
  committeeId: number | null;
  grade: string | null;
  points: number | null;
  confirmed: boolean;
  derived: boolean;
}

/** Grades of record on the test that are confirmed or have a confirmation, by candidate number. */
export function confirmedGradesOfExam(db: Db, examId: number): ConfirmedGrade[] {
  const rows = stmt(
    db,
    `SELECT c.id AS candidateId, c.number, c.student_id AS studentId, g.grade, g.points, g.confirmed, g.derived, c.committee_id AS committeeId
       FROM candidates c JOIN grades g ON g.candidate_id = c.id
       WHERE c.exam_id = ? AND (g.confirmed = 1 OR EXISTS (SELECT 1 FROM confirmations k WHERE k.candidate_id = c.id))
       ORDER BY c.number`,
  ).all(examId) as (Omit<ConfirmedGrade, 'confirmed' | 'derived'> & { confirmed: number; derived: number })[];
  return rows.map((r) => ({ ...r, confirmed: r.confirmed === 1, derived: r.derived === 1 }));
}
