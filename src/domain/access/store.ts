import type { Db } from '../../db/open.js';
import { stmt } from '../../db/statements.js';
import type { ContributorRole } from './roles.js';

/**
 * Contributors on tests (who is invited, in which role) and a grader's places on a test, as
 * stored. Plain reads and writes: callers check rights first and record the events.
 */

export function contributorRolesOn(db: Db, userId: number, examId: number): ContributorRole[] {
  return (
    stmt(db, 'SELECT role FROM contributors WHERE exam_id = ? AND user_id = ? ORDER BY role').all(examId, userId) as {
      role: ContributorRole;
    }[]
  ).map((r) => r.role);
}

export function isContributor(db: Db, userId: number, examId: number, role: ContributorRole): boolean {
  return !!stmt(db, 'SELECT 1 FROM contributors WHERE exam_id = ? AND user_id = ? AND role = ?').get(examId, userId, role);
}

export function insertContributor(db: Db, examId: number, userId: number, role: ContributorRole): void {
  stmt(db, 'INSERT INTO contributors (exam_id, user_id, role) VALUES (?, ?, ?)').run(examId, userId, role);
}

export function deleteContributor(db: Db, examId: number, userId: number, role: ContributorRole): void {
  stmt(db, 'DELETE FROM contributors WHERE exam_id = ? AND user_id = ? AND role = ?').run(examId, userId, role);
}

export function countPlanners(db: Db, examId: number): number {
  return (stmt(db, `SELECT count(*) AS n FROM contributors WHERE exam_id = ? AND role = 'planner'`).get(examId) as { n: number }).n;
}

/** The test's contributors by role, then username. */
export function contributorsOf(db: Db, examId: number): { username: string; role: ContributorRole }[] {
  return stmt(
    db,
    `SELECT u.username, k.role FROM contributors k JOIN users u ON u.id = k.user_id WHERE k.exam_id = ? ORDER BY k.role, u.username`,
  ).all(examId) as { username: string; role: ContributorRole }[];
}

/** Committees on the test in which the user is a grader. */
export function graderCommittees(db: Db, userId: number, examId: number): { id: number; name: string }[] {
  return stmt(
    db,
    `SELECT c.id, c.name FROM committees c JOIN committee_graders g ON g.committee_id = c.id
       WHERE c.exam_id = ? AND g.user_id = ? ORDER BY c.name`,
  ).all(examId, userId) as { id: number; name: string }[];
}

/** How many private marks the grader holds on the test's candidates. */
export function countGraderMarks(db: Db, examId: number, graderId: number): number {
  return (
    stmt(db, 'SELECT count(*) AS n FROM marks k JOIN candidates c ON c.id = k.candidate_id WHERE c.exam_id = ? AND k.grader_id = ?').get(
      examId,
      graderId,
    ) as { n: number }
  ).n;
}

/** Takes the grader out of every committee of the test. */
export function removeGraderFromCommittees(db: Db, examId: number, graderId: number): void {
  stmt(db, 'DELETE FROM committee_graders WHERE user_id = ? AND committee_id IN (SELECT id FROM committees WHERE exam_id = ?)').run(graderId, examId);
}

/** The user as a planner contributor on the test. */
export function insertPlannerContributor(db: Db, examId: number, userId: number): void {
  db.prepare(`INSERT INTO contributors (exam_id, user_id, role) VALUES (?, ?, 'planner')`).run(examId, userId);
}
