import type { Db } from '../../db/open.js';
import { NotPermittedError } from '../../errors.js';
import { actsAs, requireExamRole } from '../access/access.js';
import { requireExam, type Exam } from '../exams/exams.js';
import type { User } from '../people/users.js';
import { progressStream, requireCommitteeInfo, type CandidateProgress } from './progress.js';

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
  return [...visibleProgressStream(db, actor, exam, committee)];
}

/** The same, a candidate at a time; who may see what is checked before the first is read. */
function visibleProgressStream(db: Db, actor: User, exam: Exam, committee?: string): Iterable<CandidateProgress> {
  requireExamRole(db, actor, exam, ['planner', 'grader'], `see grades on test ${exam.code}`);
  const planner = actsAs(db, actor, exam, 'planner');
  let only: number | undefined;
  if (committee !== undefined) {
    const c = requireCommitteeInfo(db, exam, committee);
    if (!planner && !c.graders.some((g) => g.id === actor.id)) {
      throw new NotPermittedError(`${actor.username} is not a grader in committee ${committee} on test ${exam.code}`);
    }
    only = c.id;
  }
  return (function* () {
    for (const p of progressStream(db, exam)) {
      if (only !== undefined && p.committee?.id !== only) continue;
      if (!planner && !p.committee?.graders.some((g) => g.id === actor.id)) continue;
      const marks = p.marks.filter((m) => m.shared || m.graderId === actor.id);
      yield marks.length === p.marks.length ? p : Object.assign({}, p, { marks });
    }
  })();
}

export function listGrades(db: Db, actor: User, code: string, opts: ListGradesOptions = {}): GradeListRow[] {
  return [...streamGrades(db, actor, code, opts)];
}

/** The rows of `listGrades`, a candidate at a time as they are read (rights checked first). */
export function streamGrades(db: Db, actor: User, code: string, opts: ListGradesOptions = {}): Iterable<GradeListRow> {
  const exam = requireExam(db, code);
  const rows = visibleProgressStream(db, actor, exam, opts.committee);
  // An ungraded part records points only: it never shows a letter.
  const letter = (g: string | null) => (exam.ungradedPart ? null : g);
  return (function* () {
    for (const p of rows) {
      if (opts.conflicts && !p.conflict) continue;
      yield {
        candidate: p.candidate.number,
        grade: p.grade ? letter(p.grade.grade) : null,
        points: p.grade?.points ?? null,
        confirmed: p.grade?.confirmed ?? false,
        conflict: p.conflict,
        marks: p.marks.map((m) => ({ grader: m.grader, grade: letter(m.state.grade), shared: m.shared })),
        committee: p.committee?.name ?? null,
        status: p.candidate.status,
        markPoints: p.marks.map((m) => m.state.points),
      };
    }
  })();
}

/** One row of `grades list --json`: the documented shape, nothing more. */
export function toListEntry({ candidate, grade, points, confirmed, conflict, marks }: GradeListRow): GradeListEntry {
  return { candidate, grade, points, confirmed, conflict, marks };
}
