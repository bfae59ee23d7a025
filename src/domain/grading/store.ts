import type { Db } from '../../db/open.js';
import type { Thresholds } from './scales.js';
import { stmt } from '../../db/statements.js';
import { ID_COLUMN, runInSets } from '../../db/sets.js';

/**
 * Reading and writing committees, their graders and candidates, and what grading reads of groups
 * and thresholds. No rules here: callers check rights and refuse first.
 */

export interface Committee {
  id: number;
  name: string;
}

export interface CommitteeInfo {
  id: number;
  name: string;
  graders: { id: number; username: string; sharedAt: string | null }[];
}

export function findCommittee(db: Db, examId: number, name: string): Committee | undefined {
  return stmt(db, 'SELECT id, name FROM committees WHERE exam_id = ? AND name = ?').get(examId, name) as Committee | undefined;
}

/** The test's committees by name. */
export function committeesOfExam(db: Db, examId: number): Committee[] {
  return stmt(db, 'SELECT id, name FROM committees WHERE exam_id = ? ORDER BY name').all(examId) as Committee[];
}

/** The test's committee names by id. */
export function committeeNamesOfExam(db: Db, examId: number): Map<number, string> {
  return new Map(
    (stmt(db, 'SELECT id, name FROM committees WHERE exam_id = ?').all(examId) as Committee[]).map((c) => [c.id, c.name]),
  );
}

/** Every committee of the test with its graders (by username) and their shares. */
export function committeesOf(db: Db, examId: number): Map<number, CommitteeInfo> {
  const rows = stmt(
    db,
    `SELECT c.id, c.name, u.id AS userId, u.username, g.shared_at AS sharedAt
       FROM committees c LEFT JOIN committee_graders g ON g.committee_id = c.id LEFT JOIN users u ON u.id = g.user_id
       WHERE c.exam_id = ? ORDER BY c.name, u.username`,
  ).all(examId) as { id: number; name: string; userId: number | null; username: string | null; sharedAt: string | null }[];
  const map = new Map<number, CommitteeInfo>();
  for (const r of rows) {
    let c = map.get(r.id);
    if (!c) map.set(r.id, (c = { id: r.id, name: r.name, graders: [] }));
    if (r.userId !== null) c.graders.push({ id: r.userId, username: r.username!, sharedAt: r.sharedAt });
  }
  return map;
}

export function insertCommittee(db: Db, examId: number, name: string): number {
  return Number(stmt(db, 'INSERT INTO committees (exam_id, name) VALUES (?, ?)').run(examId, name).lastInsertRowid);
}

export function isCommitteeGrader(db: Db, committeeId: number, userId: number): boolean {
  return !!stmt(db, 'SELECT 1 FROM committee_graders WHERE committee_id = ? AND user_id = ?').get(committeeId, userId);
}

export function insertCommitteeGrader(db: Db, committeeId: number, userId: number): void {
  stmt(db, 'INSERT INTO committee_graders (committee_id, user_id) VALUES (?, ?)').run(committeeId, userId);
}

/** Usernames of the committee's graders, sorted. */
export function graderNamesOfCommittee(db: Db, committeeId: number): string[] {
  return (
    stmt(db, 'SELECT u.username FROM committee_graders g JOIN users u ON u.id = g.user_id WHERE g.committee_id = ? ORDER BY u.username').all(
      committeeId,
    ) as { username: string }[]
  ).map((g) => g.username);
}

/** Stamps the grader's share of the committee. */
export function markCommitteeShared(db: Db, committeeId: number, userId: number, at: string): void {
  stmt(db, 'UPDATE committee_graders SET shared_at = ? WHERE committee_id = ? AND user_id = ?').run(at, committeeId, userId);
}

/** The committee of each of the candidates, read in one statement: candidate id to its committee (id and name null: none). */
export function committeesOfCandidates(db: Db, candidateIds: readonly number[]): Map<number, { id: number | null; name: string | null }> {
  const rows = stmt(
    db,
    'SELECT c.id AS candidate, c.committee_id AS id, m.name FROM candidates c LEFT JOIN committees m ON m.id = c.committee_id WHERE c.id IN (SELECT CAST(value AS integer) FROM json_each(?))',
  ).all(JSON.stringify(candidateIds)) as { candidate: number; id: number | null; name: string | null }[];
  return new Map(rows.map((r) => [r.candidate, { id: r.id, name: r.name }]));
}

/** Puts the candidates in the committee, as sets (src/db/sets.ts). */
export function setCandidatesCommittee(db: Db, candidateIds: readonly number[], committeeId: number): void {
  runInSets(db, candidateIds, [ID_COLUMN], (from) => `UPDATE candidates SET committee_id = ? WHERE id IN (SELECT t.c FROM ${from})`, [committeeId]);
}

/** The committee's candidates, counting those away in an appeal committee: they keep their place here. */
export function countCandidatesOfCommittee(db: Db, committeeId: number): number {
  return (
    stmt(
      db,
      `SELECT (SELECT count(*) FROM candidates WHERE committee_id = ?)
            + (SELECT count(*) FROM appeals WHERE original_committee_id = ? AND committee_id IS NOT NULL) AS n`,
    ).get(committeeId, committeeId) as { n: number }
  ).n;
}

export function countCandidatesInNoCommittee(db: Db, examId: number): number {
  return (stmt(db, 'SELECT count(*) AS n FROM candidates WHERE exam_id = ? AND committee_id IS NULL').get(examId) as { n: number }).n;
}




/** A letter derived from points, in a grade of record (grader null) or a private mark. */
export interface DerivedLetter {
  candidateId: number;
  number: string;
  studentId: number | null;
  graderId: number | null;
  grader: string | null;
  grade: string | null;
  points: number;
  source: string;
  batchId: number | null;
  /** The candidate's grade of record is confirmed. */
  confirmed: boolean;
}

/** Every letter on the test derived from points, grades of record and marks, by candidate number and grader. */
export function derivedLettersOfExam(db: Db, examId: number): DerivedLetter[] {
  const rows = stmt(
    db,
    `SELECT g.candidate_id, c.number, c.student_id, NULL AS grader_id, NULL AS grader, g.grade, g.points,
            g.source, g.batch_id, g.confirmed
       FROM grades g JOIN candidates c ON c.id = g.candidate_id
      WHERE c.exam_id = ? AND g.derived = 1 AND g.points IS NOT NULL
     UNION ALL
     SELECT m.candidate_id, c.number, c.student_id, m.grader_id, u.username, m.grade, m.points,
            m.source, m.batch_id, COALESCE(g.confirmed, 0)
       FROM marks m JOIN candidates c ON c.id = m.candidate_id JOIN users u ON u.id = m.grader_id
       LEFT JOIN grades g ON g.candidate_id = m.candidate_id
      WHERE c.exam_id = ? AND m.derived = 1 AND m.points IS NOT NULL
     ORDER BY 2, 5`,
  ).all(examId, examId) as {
    candidate_id: number;
    number: string;
    student_id: number | null;
    grader_id: number | null;
    grader: string | null;
    grade: string | null;
    points: number;
    source: string;
    batch_id: number | null;
    confirmed: number;
  }[];
  return rows.map((r) => ({
    candidateId: r.candidate_id,
    number: r.number,
    studentId: r.student_id,
    graderId: r.grader_id,
    grader: r.grader,
    grade: r.grade,
    points: r.points,
    source: r.source,
    batchId: r.batch_id,
    confirmed: Boolean(r.confirmed),
  }));
}

/** Names of the test's committees that have no grader. */
export function committeesWithoutGrader(db: Db, examId: number): string[] {
  return (
    db
      .prepare(
        `SELECT name FROM committees m WHERE exam_id = ? AND NOT EXISTS (SELECT 1 FROM committee_graders g WHERE g.committee_id = m.id)
         ORDER BY name`,
      )
      .all(examId) as { name: string }[]
  ).map((r) => r.name);
}
