import type { Db } from '../../src/db/open.js';
import type { Role } from '../../src/domain/access/roles.js';
import type { UserKind } from '../../src/domain/people/users.js';
import { freshDbPath, openDb } from '../helpers.js';
import { ensureUser, seedCandidates, seedCommittee, seedConfirm, seedContributor, seedExam } from '../seed.js';

/**
 * A test database for the grades tests, built through the domain (see ../seed.ts) so that it
 * holds only what the rules allow.
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
  /** Per candidate unless told, so that `confirm` can lock one grade at a time. */
  confirm?: 'collective' | 'per-candidate';
  /** Group mode; predefined where a candidate names a group and nothing is said. */
  groups?: 'none' | 'predefined' | 'open' | 'password';
  ungradedPart?: boolean;
  partOf?: string;
  thresholds?: Record<string, number>;
  candidates?: (string | SeedCandidate)[];
  /** committee name → grader usernames */
  committees?: Record<string, string[]>;
  /** extra planners (contributors with the planner role) */
  planners?: string[];
}

/** The user's id, adding it (with the roles it lacks) if need be. */
export function addUser(db: Db, username: string, roles: string[] = [], kind = 'employee'): number {
  return ensureUser(db, username, { kind: kind as UserKind, roles: roles as Role[] }).id;
}

export function addExam(db: Db, e: SeedExam): number {
  const code = e.code ?? 'T1';
  const candidates = (e.candidates ?? []).map((c) => (typeof c === 'string' ? { number: c } : c));
  const exam = seedExam(db, {
    code,
    title: 'Test',
    registration: e.registration ?? false,
    scale: e.scale ?? 'letter',
    marking: e.marking ?? 'shared',
    confirm: e.confirm ?? 'per-candidate',
    groups: e.groups ?? (candidates.some((c) => c.group !== undefined) ? 'predefined' : 'none'),
    ungradedPart: e.ungradedPart ?? false,
    ...(e.partOf !== undefined ? { partOf: e.partOf } : {}),
    ...(e.thresholds ? { thresholds: e.thresholds } : {}),
  });
  for (const [name, graders] of Object.entries(e.committees ?? {})) {
    for (const g of graders) addUser(db, g, ['grader']);
    seedCommittee(db, code, name, graders);
  }
  for (const p of e.planners ?? []) {
    addUser(db, p, ['planner']);
    seedContributor(db, code, p, 'planner');
  }
  for (const c of candidates) if (c.student !== undefined) addUser(db, c.student, [], 'student');
  seedCandidates(
    db,
    code,
    candidates.map((c) => ({ ...c, status: c.status ?? (e.registration ? 'attended' : 'submitted') })),
  );
  return exam.id;
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

/** Confirms the candidate's grade, as a planner on the test does (`grades confirm --candidate`). */
export function confirm(file: string, number: string, code = 'T1'): void {
  const db = openDb(file);
  try {
    seedConfirm(db, code, number);
  } finally {
    db.close();
  }
}

export function sql<T = unknown>(file: string, q: string, ...params: unknown[]): T[] {
  const db = openDb(file);
  const rows = db.prepare(q).all(...params) as T[];
  db.close();
  return rows;
}
