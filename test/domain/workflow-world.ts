import type { Db } from '../../src/db/open.js';
import { writeTx } from '../../src/db/open.js';
import { findExam, type Exam } from '../../src/domain/exams/exams.js';
import { writeState } from '../../src/domain/grading/grade-store.js';
import { writeTarget } from '../../src/domain/grading/grading-rights.js';
import { requireCandidate } from '../../src/domain/candidates/candidates.js';
import { parseGrade } from '../../src/domain/grading/scales.js';
import { findUser, type User } from '../../src/domain/people/users.js';
import { insertUserRow } from '../helpers.js';

/**
 * Builds tests, committees and candidates with plain SQL, the way the issue-4 commands leave them,
 * so the workflow can be tested on its own. Grades go through writeTarget + writeState, as
 * `grades set` does.
 */
export interface ExamSpec {
  code: string;
  scale?: 'letter' | 'passfail' | 'points';
  marking?: 'private' | 'shared';
  confirm?: 'collective' | 'per-candidate';
  confirmBy?: 'one' | 'all';
  registration?: boolean;
  partOf?: string;
  ungradedPart?: boolean;
}

let clock = Date.parse('2025-06-01T08:00:00Z');
/** A clock that moves a second per call, so event times are ordered. */
export const tick = () => new Date((clock += 1000));

export function addUser(db: Db, username: string, roles: string[], kind = 'employee'): User {
  insertUserRow(db, username, { name: username.toUpperCase(), email: `${username}@example.org`, kind, roles, createdAt: '2025-01-01T00:00:00Z' });
  return findUser(db, username)!;
}

export function addExam(db: Db, spec: ExamSpec): Exam {
  const admin = db.prepare(`SELECT id FROM users WHERE username = 'admin'`).get() as { id: number };
  const partOf = spec.partOf ? findExam(db, spec.partOf)!.id : null;
  db.prepare(
    `INSERT INTO exams (code, course, year, term, title, registration, scale, marking, confirm_mode, confirm_by, part_of, ungraded_part, created_by, created_at)
     VALUES (?, 'TDT4100', 2025, 'spring', ?, ?, ?, ?, ?, ?, ?, ?, ?, '2025-01-01T00:00:00Z')`,
  ).run(
    spec.code,
    `Test ${spec.code}`,
    spec.registration ? 1 : 0,
    spec.scale ?? 'letter',
    spec.marking ?? 'shared',
    spec.confirm ?? 'collective',
    spec.confirmBy ?? 'one',
    partOf,
    spec.ungradedPart ? 1 : 0,
    admin.id,
  );
  return findExam(db, spec.code)!;
}

export function contributor(db: Db, exam: Exam, user: User, role: string): void {
  db.prepare('INSERT OR IGNORE INTO contributors (exam_id, user_id, role) VALUES (?, ?, ?)').run(exam.id, user.id, role);
}

export function addCommittee(db: Db, exam: Exam, name: string, graders: User[]): number {
  const id = Number(db.prepare('INSERT INTO committees (exam_id, name) VALUES (?, ?)').run(exam.id, name).lastInsertRowid);
  for (const g of graders) {
    db.prepare('INSERT INTO committee_graders (committee_id, user_id) VALUES (?, ?)').run(id, g.id);
    contributor(db, exam, g, 'grader');
  }
  return id;
}

export function addCandidates(
  db: Db,
  exam: Exam,
  numbers: string[],
  o: { committee?: number | null; status?: string; student?: User } = {},
): void {
  for (const n of numbers) {
    db.prepare('INSERT INTO candidates (exam_id, number, status, committee_id, student_id) VALUES (?, ?, ?, ?, ?)').run(
      exam.id,
      n,
      o.status ?? 'submitted',
      o.committee ?? null,
      o.student?.id ?? null,
    );
  }
}

/** What `grades set` does: the actor writes where writeTarget says. */
export function setGrade(db: Db, actor: User, exam: Exam, number: string, raw: string | number, o: { final?: boolean } = {}): void {
  const cand = requireCandidate(db, exam, number);
  const target = writeTarget(db, actor, exam, cand, o);
  const parsed = parseGrade(exam.scale, raw, exam.thresholds);
  if (!parsed.ok) throw new Error(parsed.expected);
  const v = parsed.value;
  writeTx(db, () =>
    writeState(db, cand.id, target, { grade: exam.ungradedPart ? null : v.grade, points: v.points, derived: v.derived }, {
      source: o.final ? 'final' : 'direct',
      actorId: actor.id,
      at: tick().toISOString(),
    }),
  );
}

export function gradeRow(db: Db, exam: Exam, number: string) {
  return db
    .prepare('SELECT g.grade, g.points, g.source, g.confirmed FROM grades g JOIN candidates c ON c.id = g.candidate_id WHERE c.exam_id = ? AND c.number = ?')
    .get(exam.id, number) as { grade: string | null; points: number | null; source: string; confirmed: number } | undefined;
}
