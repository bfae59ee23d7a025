import type { Db } from '../../db/open.js';
import { NotPermittedError } from '../../errors.js';
import { actsAs, requireExamRole } from '../access/access.js';
import { requireExam, type Exam } from '../exams/exams.js';
import type { User } from '../people/users.js';
import { progressOf, requireCommitteeInfo, type CandidateProgress } from './progress.js';

/**
 * Who sees which grades and marks. A private mark is seen by its own grader, and
 * by anyone else only once shared (its grader shared the committee and has not changed the mark
 * since). That holds for planners too: private marking exists so that graders judge
 * independently, and the exam office needs the aligned result, not the drafts. Graders see only
 * their committees' candidates; planners see every candidate; reporters get reports only.
 */

/** One line of `grades list --json`, exactly as documented. */
export interface GradeListEntry {
  candidate: string;
  grade: string | null;
  points: number | null;
  confirmed: boolean;
  conflict: boolean;
  marks: { grader: string; grade: string | null; shared: boolean }[];
}

export interface GradeListRow extends GradeListEntry {
  committee: string | null;
  status: string;
  /** Points of each visible mark, for the table (the JSON shape has none). */
  markPoints: (number | null)[];
}

export interface ListGradesOptions {
  committee?: string;
  conflicts?: boolean;
}

/** The candidates the actor may see on the test with what it may see of them. */
export function visibleProgress(db: Db, actor: User, exam: Exam, committee?: string): CandidateProgress[] {
  requireExamRole(db, actor, exam, ['planner', 'grader'], `see grades on test ${exam.code}`);
  const planner = actsAs(db, actor, exam, 'planner');
  let rows = progressOf(db, exam);
  if (committee !== undefined) {
    const c = requireCommitteeInfo(db, exam, committee);
    if (!planner && !c.graders.some((g) => g.id === actor.id)) {
      throw new NotPermittedError(`${actor.username} is not a grader in committee ${committee} on test ${exam.code}`);
    }
    rows = rows.filter((p) => p.committee?.id === c.id);
  }
  if (!planner) rows = rows.filter((p) => p.committee?.graders.some((g) => g.id === actor.id));
  return rows.map((p) => ({ ...p, marks: p.marks.filter((m) => m.shared || m.graderId === actor.id) }));
}

export function listGrades(db: Db, actor: User, code: string, opts: ListGradesOptions = {}): GradeListRow[] {
  const exam = requireExam(db, code);
  const rows = visibleProgress(db, actor, exam, opts.committee).filter((p) => !opts.conflicts || p.conflict);
  // An ungraded part records points only: it never shows a letter.
  const letter = (g: string | null) => (exam.ungradedPart ? null : g);
  return rows.map((p) => ({
    candidate: p.candidate.number,
    grade: p.grade ? letter(p.grade.grade) : null,
    points: p.grade?.points ?? null,
    confirmed: p.grade?.confirmed ?? false,
    conflict: p.conflict,
    marks: p.marks.map((m) => ({ grader: m.grader, grade: letter(m.state.grade), shared: m.shared })),
    committee: p.committee?.name ?? null,
    status: p.candidate.status,
    markPoints: p.marks.map((m) => m.state.points),
  }));
}

/** The documented shape, nothing more. */
export function toListJson(rows: GradeListRow[]): GradeListEntry[] {
  return rows.map(({ candidate, grade, points, confirmed, conflict, marks }) => ({
    candidate,
    grade,
    points,
    confirmed,
    conflict,
    marks,
  }));
}
