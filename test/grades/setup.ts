import type { Db } from '../../src/db/open.js';
import { freshDbPath, insertUserRow, openDb } from '../helpers.js';

/**
 * Builds a test database for the grades tests straight in SQL, so that they depend only on the
 * schema and not on the other command groups' verbs.
 */
export interface SeedCandidate {
  number: string;
  status?: 'registered' | 'attended' | 'submitted' | 'absent' | 'withdrawn';
  committee?: string;
  student?: string;
  group?: string;
}

export interface SeedExam {
  code?: string;
  scale?: 'letter' | 'passfail' | 'points';
  registration?: boolean;
  marking?: 'private' | 'shared';
  ungradedPart?: boolean;
  partOf?: string;
  thresholds?: Record<string, number>;
  candidates?: (string | SeedCandidate)[];
  /** committee name → grader usernames */
  committees?: Record<string, string[]>;
  /** extra planners (contributors with the planner role) */
  planners?: string[];
}

export function addUser(db: Db, username: string, roles: string[] = [], kind = 'employee'): number {
  const found = db.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: number } | undefined;
  if (found) return found.id;
  return insertUserRow(db, username, { name: `${username} Name`, email: `${username}@example.org`, kind, roles, createdAt: new Date().toISOString() });
}

export function addExam(db: Db, e: SeedExam): number {
  return db.transaction(() => addExamInTx(db, e))();
}

function addExamInTx(db: Db, e: SeedExam): number {
  const admin = (db.prepare("SELECT id FROM users WHERE username = 'admin'").get() as { id: number }).id;
  const partOf = e.partOf ? (db.prepare('SELECT id FROM exams WHERE code = ?').get(e.partOf) as { id: number }).id : null;
  const examId = Number(
    db
      .prepare(
        `INSERT INTO exams (code, course, year, term, title, registration, scale, thresholds, marking, part_of, ungraded_part, created_by, created_at)
         VALUES (?, 'TDT4100', 2025, 'spring', 'Test', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.code ?? 'T1',
        e.registration ? 1 : 0,
        e.scale ?? 'letter',
        e.thresholds ? JSON.stringify(e.thresholds) : null,
        e.marking ?? 'shared',
        partOf,
        e.ungradedPart ? 1 : 0,
        admin,
        new Date().toISOString(),
      ).lastInsertRowid,
  );
  const committees = new Map<string, number>();
  for (const [name, graders] of Object.entries(e.committees ?? {})) {
    const cid = Number(db.prepare('INSERT INTO committees (exam_id, name) VALUES (?, ?)').run(examId, name).lastInsertRowid);
    committees.set(name, cid);
    for (const g of graders) {
      const uid = addUser(db, g, ['grader']);
      db.prepare('INSERT OR IGNORE INTO committee_graders (committee_id, user_id) VALUES (?, ?)').run(cid, uid);
      db.prepare("INSERT OR IGNORE INTO contributors (exam_id, user_id, role) VALUES (?, ?, 'grader')").run(examId, uid);
    }
  }
  for (const p of e.planners ?? []) {
    const uid = addUser(db, p, ['planner']);
    db.prepare("INSERT OR IGNORE INTO contributors (exam_id, user_id, role) VALUES (?, ?, 'planner')").run(examId, uid);
  }
  const groups = new Map<string, number>();
  for (const c0 of e.candidates ?? []) {
    const c = typeof c0 === 'string' ? { number: c0 } : c0;
    const student = c.student ? addUser(db, c.student, [], 'student') : null;
    let gid: number | null = null;
    if (c.group) {
      gid = groups.get(c.group) ?? null;
      if (gid === null) {
        gid = Number(db.prepare('INSERT INTO groups (exam_id, name, created_at) VALUES (?, ?, ?)').run(examId, c.group, new Date().toISOString()).lastInsertRowid);
        groups.set(c.group, gid);
      }
    }
    db.prepare('INSERT INTO candidates (exam_id, number, student_id, status, committee_id, group_id) VALUES (?, ?, ?, ?, ?, ?)').run(
      examId,
      c.number,
      student,
      c.status ?? (e.registration ? 'attended' : 'submitted'),
      c.committee ? committees.get(c.committee)! : null,
      gid,
    );
  }
  return examId;
}

/** A fresh database file with one or more tests. */
export function seed(...exams: SeedExam[]): string {
  const file = freshDbPath();
  const db = openDb(file);
  for (const e of exams) addExam(db, e);
  db.close();
  return file;
}

export interface GradeRow {
  number: string;
  grade: string | null;
  points: number | null;
  derived: number;
  source: string;
  confirmed: number;
  batch_id: number | null;
}

/** The grades of record on a test, by candidate number. */
export function gradesOf(file: string, code = 'T1'): Record<string, GradeRow> {
  const db = openDb(file);
  const rows = db
    .prepare(
      `SELECT c.number, g.grade, g.points, g.derived, g.source, g.confirmed, g.batch_id FROM grades g
       JOIN candidates c ON c.id = g.candidate_id JOIN exams x ON x.id = c.exam_id WHERE x.code = ? ORDER BY c.number`,
    )
    .all(code) as GradeRow[];
  db.close();
  return Object.fromEntries(rows.map((r) => [r.number, r]));
}

/** Marks the grade of record confirmed (as the workflow's confirm would). */
export function confirm(file: string, number: string, code = 'T1'): void {
  const db = openDb(file);
  db.prepare(
    `UPDATE grades SET confirmed = 1, confirmed_at = ? WHERE candidate_id =
       (SELECT c.id FROM candidates c JOIN exams x ON x.id = c.exam_id WHERE x.code = ? AND c.number = ?)`,
  ).run(new Date().toISOString(), code, number);
  db.close();
}

export function sql<T = unknown>(file: string, q: string, ...params: unknown[]): T[] {
  const db = openDb(file);
  const rows = db.prepare(q).all(...params) as T[];
  db.close();
  return rows;
}
