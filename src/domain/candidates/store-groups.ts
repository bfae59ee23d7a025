import type { Db } from '../../db/open.js';
import { stmt } from './store.js';

/** Reading and writing groups and their members. No rules here: callers check rights and modes first. */

export interface Group {
  id: number;
  name: string;
  pin: string | null;
  passwordHash: string | null;
  passwordSalt: string | null;
}

/** A candidate with its group. */
export interface CandidateRef {
  id: number;
  number: string;
  groupId: number | null;
  group: string | null;
  studentId: number | null;
}

export function findGroup(db: Db, examId: number, name: string): Group | undefined {
  const r = db.prepare('SELECT id, name, pin, password_hash, password_salt FROM groups WHERE exam_id = ? AND name = ?').get(examId, name) as
    | { id: number; name: string; pin: string | null; password_hash: string | null; password_salt: string | null }
    | undefined;
  return r && { id: r.id, name: r.name, pin: r.pin, passwordHash: r.password_hash, passwordSalt: r.password_salt };
}

/** Names of the test's groups. */
export function groupNames(db: Db, examId: number): string[] {
  return (db.prepare('SELECT name FROM groups WHERE exam_id = ?').all(examId) as { name: string }[]).map((r) => r.name);
}

export function groupCount(db: Db, examId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM groups WHERE exam_id = ?').get(examId) as { n: number }).n;
}

/** A new open, password or predefined group; its id. */
export function insertGroup(
  db: Db,
  g: { examId: number; name: string; pin: string | null; passwordHash: string | null; passwordSalt: string | null; createdAt: string },
): number {
  return Number(
    db
      .prepare('INSERT INTO groups (exam_id, name, pin, password_hash, password_salt, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(g.examId, g.name, g.pin, g.passwordHash, g.passwordSalt, g.createdAt).lastInsertRowid,
  );
}

/** A new group with only a name, as an import creates them; its id. */
export function insertNamedGroup(db: Db, examId: number, name: string, createdAt: string): number {
  return Number(stmt(db, 'INSERT INTO groups (exam_id, name, created_at) VALUES (?, ?, ?)').run(examId, name, createdAt).lastInsertRowid);
}

export function findCandidateRef(db: Db, examId: number, number: string): CandidateRef | undefined {
  return db
    .prepare(
      `SELECT c.id, c.number, c.group_id AS groupId, g.name AS "group", c.student_id AS studentId
       FROM candidates c LEFT JOIN groups g ON g.id = c.group_id WHERE c.exam_id = ? AND c.number = ?`,
    )
    .get(examId, number) as CandidateRef | undefined;
}

/** Every candidate on the test with its group. */
export function candidateRefs(db: Db, examId: number): CandidateRef[] {
  return db
    .prepare('SELECT c.id, c.number, c.group_id AS groupId, g.name AS "group", c.student_id AS studentId FROM candidates c LEFT JOIN groups g ON g.id = c.group_id WHERE c.exam_id = ?')
    .all(examId) as CandidateRef[];
}

export function setCandidateGroup(db: Db, candidateId: number, groupId: number): void {
  stmt(db, 'UPDATE candidates SET group_id = ? WHERE id = ?').run(groupId, candidateId);
}

export function clearCandidateGroup(db: Db, candidateId: number): void {
  db.prepare('UPDATE candidates SET group_id = NULL WHERE id = ?').run(candidateId);
}

/** The test's groups by name, each with its members' numbers in order. */
export function groupsWithMembers(db: Db, examId: number): { name: string; pin: string | null; members: string[] }[] {
  const rows = db.prepare('SELECT id, name, pin FROM groups WHERE exam_id = ? ORDER BY name').all(examId) as { id: number; name: string; pin: string | null }[];
  const members = db.prepare('SELECT number FROM candidates WHERE group_id = ? ORDER BY number');
  return rows.map((r) => ({ name: r.name, pin: r.pin, members: (members.all(r.id) as { number: string }[]).map((m) => m.number) }));
}

/** Numbers of the test's candidates in no group. */
export function candidatesWithoutGroup(db: Db, examId: number): string[] {
  return (
    db.prepare('SELECT number FROM candidates WHERE exam_id = ? AND group_id IS NULL ORDER BY number').all(examId) as { number: string }[]
  ).map((r) => r.number);
}

/** Names of the test's groups with no members. */
export function emptyGroups(db: Db, examId: number): string[] {
  return (
    db
      .prepare(`SELECT name FROM groups g WHERE exam_id = ? AND NOT EXISTS (SELECT 1 FROM candidates c WHERE c.group_id = g.id) ORDER BY name`)
      .all(examId) as { name: string }[]
  ).map((r) => r.name);
}

/** A group of the test by name. */
export function findGroupOnExam(db: Db, examId: number, name: string): { id: number; name: string } | undefined {
  return stmt(db, 'SELECT id, name FROM groups WHERE exam_id = ? AND name = ?').get(examId, name) as { id: number; name: string } | undefined;
}

/** Candidate numbers of a group's members, sorted. */
export function groupMemberNumbers(db: Db, examId: number, groupId: number): string[] {
  return (
    stmt(db, 'SELECT number FROM candidates WHERE exam_id = ? AND group_id = ? ORDER BY number').all(examId, groupId) as { number: string }[]
  ).map((m) => m.number);
}
