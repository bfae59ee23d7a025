import type { Db } from '../src/db/open.js';
import { addContributor } from '../src/domain/access/contributors.js';
import { grantRoles, setExtended } from '../src/domain/access/role-admin.js';
import type { ContributorRole, Role } from '../src/domain/access/roles.js';
import { addCandidates } from '../src/domain/candidates/candidate-admin.js';
import type { CandidateStatus } from '../src/domain/candidates/candidates.js';
import { createGroup, joinGroup } from '../src/domain/candidates/groups.js';
import { createExam } from '../src/domain/exams/create.js';
import type { ExamSettingsInput } from '../src/domain/exams/settings.js';
import { findExam, findExamById, type Exam } from '../src/domain/exams/exams.js';
import { addGraders, assignCandidates, createCommittee } from '../src/domain/grading/committees.js';
import { findCommittee } from '../src/domain/grading/store.js';
import { setGrade as setGradeRule } from '../src/domain/grading/grades.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../src/domain/grading/scales.js';
import { setThresholds } from '../src/domain/grading/thresholds.js';
import { confirmGrades, type ConfirmResult } from '../src/domain/grading/confirm.js';
import { addUser, findUser, setUserActive, type User, type UserKind } from '../src/domain/people/users.js';

/**
 * The one way the tests build a world: every write goes through the domain's own functions,
 * acting as the database's first administrator `admin` (freshDbPath creates it, with extended
 * access), so a test world never holds what the rules refuse. Each write is logged as the
 * command would log it.
 */

/** The first administrator, who does the seeding. */
export function seeder(db: Db): User {
  const admin = findUser(db, 'admin');
  if (!admin) throw new Error('the seed acts as "admin": open a database made by freshDbPath()');
  return admin;
}

export interface SeedUser {
  name?: string;
  email?: string | null;
  kind?: UserKind;
  roles?: readonly Role[];
  extended?: boolean;
  active?: boolean;
}

/** Adds a user, grants its roles and extended access, and deactivates it if asked. */
export function seedUser(db: Db, username: string, u: SeedUser = {}, now = new Date()): User {
  const admin = seeder(db);
  addUser(db, admin, { username, name: u.name ?? `${username} Name`, email: u.email ?? null, kind: u.kind }, now);
  if (u.roles?.length) grantRoles(db, admin, [username], [...u.roles], now);
  if (u.extended) setExtended(db, admin, username, true, now);
  if (u.active === false) setUserActive(db, admin, username, false, now);
  return findUser(db, username)!;
}

/** Grants system roles to an existing user. */
export function seedRoles(db: Db, username: string, roles: readonly Role[], now = new Date()): User {
  grantRoles(db, seeder(db), [username], [...roles], now);
  return findUser(db, username)!;
}

/** The user, added if missing; roles it lacks are granted. */
export function ensureUser(db: Db, username: string, u: SeedUser = {}, now = new Date()): User {
  const found = findUser(db, username);
  if (!found) return seedUser(db, username, u, now);
  const missing = (u.roles ?? []).filter((r) => !found.roles.includes(r));
  if (missing.length) grantRoles(db, seeder(db), [username], missing, now);
  return findUser(db, username)!;
}

export interface SeedExam extends Omit<ExamSettingsInput, 'partOf' | 'groupMode' | 'confirmMode'> {
  code: string;
  /** Code of the aggregate test this one is part of. */
  partOf?: string;
  confirm?: 'collective' | 'per-candidate';
  groups?: 'none' | 'predefined' | 'open' | 'password';
  /** Thresholds of a points test (merged over the defaults). */
  thresholds?: Partial<Thresholds>;
  /** The planner who creates it and so becomes its planner contributor (admin unless told). */
  by?: string;
}

/** Creates the test as admin, or as `by` (the creator becomes its planner contributor), and sets its thresholds. */
export function seedExam(db: Db, e: SeedExam, now = new Date()): Exam {
  const admin = seeder(db);
  const { code, partOf, confirm, groups, thresholds, by, ...settings } = e;
  const exam = createExam(
    db,
    by === undefined ? admin : findUser(db, by)!,
    code,
    {
      course: 'TDT4100',
      year: 2025,
      term: 'spring',
      title: `Test ${code}`,
      ...settings,
      ...(partOf !== undefined ? { partOf } : {}),
      ...(confirm !== undefined ? { confirmMode: confirm } : {}),
      ...(groups !== undefined ? { groupMode: groups } : {}),
    },
    now,
  );
  if (thresholds) setThresholds(db, admin, exam, { ...DEFAULT_THRESHOLDS, ...thresholds }, now);
  return findExamById(db, exam.id)!;
}

/** Invites the user to the test in the role (it must hold the role as a system role). */
export function seedContributor(db: Db, code: string, username: string, role: ContributorRole, now = new Date()): void {
  addContributor(db, seeder(db), code, username, role, now);
}

/** Creates the committee and adds its graders (each becomes a grader contributor). Returns its id. */
export function seedCommittee(db: Db, code: string, name: string, graders: readonly string[] = [], now = new Date()): number {
  const admin = seeder(db);
  const c = createCommittee(db, admin, code, name, now);
  if (graders.length) addGraders(db, admin, code, name, [...graders], now);
  return c.id;
}

export interface SeedCandidate {
  number: string;
  status?: CandidateStatus;
  /** Username of a student account linked to the candidate. */
  student?: string;
  /** Committee name on the test. */
  committee?: string;
  /** Group name (on an open or password test, its 4-digit PIN). */
  group?: string;
}

/**
 * Registers the candidates in order, then puts them in their committees and groups. Runs of
 * candidates with the same status and no student are registered in one call.
 */
export function seedCandidates(db: Db, code: string, candidates: readonly SeedCandidate[], now = new Date()): void {
  const admin = seeder(db);
  let run: SeedCandidate[] = [];
  const flush = () => {
    if (run.length) addCandidates(db, admin, code, run.map((c) => c.number), { status: run[0]!.status }, now);
    run = [];
  };
  for (const c of candidates) {
    if (c.student !== undefined) {
      flush();
      addCandidates(db, admin, code, [c.number], { student: c.student, status: c.status }, now);
    } else {
      if (run.length && run[0]!.status !== c.status) flush();
      run.push(c);
    }
  }
  flush();
  const byCommittee = new Map<string, string[]>();
  const byGroup = new Map<string, string[]>();
  for (const c of candidates) {
    if (c.committee !== undefined) byCommittee.set(c.committee, [...(byCommittee.get(c.committee) ?? []), c.number]);
    if (c.group !== undefined) byGroup.set(c.group, [...(byGroup.get(c.group) ?? []), c.number]);
  }
  for (const [committee, numbers] of byCommittee) assignCandidates(db, admin, code, committee, numbers, now);
  for (const [group, numbers] of byGroup) seedGroup(db, code, group, numbers, now);
}

/** Creates the group (unless it exists) and puts the candidates in it, as a planner on the test does. */
export function seedGroup(db: Db, code: string, name: string, numbers: readonly string[], now = new Date()): void {
  const admin = seeder(db);
  const exam = findExam(db, code)!;
  const exists = db.prepare('SELECT 1 FROM groups WHERE exam_id = ? AND name = ?').get(exam.id, name);
  if (!exists) {
    if (exam.groupMode === 'predefined') createGroup(db, admin, code, { name }, now);
    else createGroup(db, admin, code, { pin: name, ...(numbers[0] !== undefined ? { candidate: numbers[0] } : {}) }, now);
  }
  for (const n of numbers) joinGroup(db, admin, code, name, n, undefined, now);
}

/** Sets a grade as `grades set` does: the actor writes where its rights say (its mark, or the grade of record). */
export function seedGrade(
  db: Db,
  actor: User,
  exam: Exam,
  number: string,
  raw: string | number,
  o: { final?: boolean; points?: string | number } = {},
  now = new Date(),
): void {
  setGradeRule(db, actor, exam, number, raw, { final: o.final, points: o.points, now });
}

/** Confirms one candidate's grade as admin, a planner on the test (its test confirms per candidate). */
export function seedConfirm(db: Db, code: string, number: string, now = new Date()): ConfirmResult {
  return confirmGrades(db, seeder(db), code, { candidate: number }, now);
}
