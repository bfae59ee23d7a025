import type { Db } from '../../src/db/open.js';
import type { ContributorRole, Role } from '../../src/domain/access/roles.js';
import type { CandidateStatus } from '../../src/domain/candidates/candidates.js';
import { findExamById, type Exam } from '../../src/domain/exams/exams.js';
import type { User, UserKind } from '../../src/domain/people/users.js';
import { seedCandidates, seedCommittee, seedContributor, seedExam, seedGrade, seedGroup, seedUser } from '../seed.js';

/**
 * The workflow tests' world: tests, committees and candidates built through the domain (see
 * ../seed.ts), so the workflow can be tested on its own. Grades go through the rules of
 * `grades set`.
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
  groups?: 'none' | 'predefined' | 'open' | 'password';
}

/** When the world is built: before every tick. */
const BUILT = new Date('2025-01-01T00:00:00Z');

let clock = Date.parse('2025-06-01T08:00:00Z');
/** A clock that moves a second per call, so event times are ordered. */
export const tick = () => new Date((clock += 1000));

export function addUser(db: Db, username: string, roles: string[], kind = 'employee'): User {
  return seedUser(
    db,
    username,
    { name: username.toUpperCase(), email: `${username}@example.org`, kind: kind as UserKind, roles: roles as Role[] },
    BUILT,
  );
}

export function addExam(db: Db, spec: ExamSpec): Exam {
  return seedExam(db, { ...spec, title: `Test ${spec.code}` }, BUILT);
}

/** Invites the user; `exam` needs only its id. */
export function contributor(db: Db, exam: Pick<Exam, 'id'>, user: User, role: string): void {
  seedContributor(db, findExamById(db, exam.id)!.code, user.username, role as ContributorRole, BUILT);
}

export function addCommittee(db: Db, exam: Exam, name: string, graders: User[]): number {
  return seedCommittee(db, exam.code, name, graders.map((g) => g.username), BUILT);
}

export function addCandidates(
  db: Db,
  exam: Exam,
  numbers: string[],
  o: { committee?: number | null; status?: string; student?: User } = {},
): void {
  const committee =
    o.committee == null ? undefined : (db.prepare('SELECT name FROM committees WHERE id = ?').get(o.committee) as { name: string }).name;
  seedCandidates(
    db,
    exam.code,
    numbers.map((number) => ({ number, status: (o.status ?? 'submitted') as CandidateStatus, student: o.student?.username, committee })),
    BUILT,
  );
}

/** A group on a test with group submission, holding these candidates. */
export function addGroup(db: Db, exam: Exam, name: string, numbers: string[]): void {
  seedGroup(db, exam.code, name, numbers, BUILT);
}

/** What `grades set` does: the actor writes where its rights say, under the same rules. */
export function setGrade(db: Db, actor: User, exam: Exam, number: string, raw: string | number, o: { final?: boolean } = {}): void {
  seedGrade(db, actor, exam, number, raw, o, tick());
}

export function gradeRow(db: Db, exam: Exam, number: string) {
  return db
    .prepare('SELECT g.grade, g.points, g.source, g.confirmed FROM grades g JOIN candidates c ON c.id = g.candidate_id WHERE c.exam_id = ? AND c.number = ?')
    .get(exam.id, number) as { grade: string | null; points: number | null; source: string; confirmed: number } | undefined;
}
