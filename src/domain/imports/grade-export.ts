import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { NotPermittedError } from '../../errors.js';
import { actsAs, graderCommittees, requireExamRole } from '../access/access.js';
import { listCandidates, whyNoGrade } from '../candidates/candidates.js';
import { recordEvent } from '../log/events.js';
import type { Exam } from '../exams/exams.js';
import { requireCommittee } from '../grading/committees.js';
import { readGradesOfExam } from '../grading/grade-store.js';
import type { User } from '../people/users.js';

/** The documented `grades export --format json` row. */
export interface ExportRow {
  candidate: string;
  student: string | null;
  committee: string | null;
  grade: string | null;
  points: number | null;
  status: string;
  confirmed: boolean;
}

/** Headers of the CSV/XLSX export: the import recognises the first, grade and points ones. */
export const EXPORT_HEADERS = ['Candidate number', 'Student', 'Committee', 'Grade', 'Points', 'Status', 'Confirmed'];

/**
 * Grades of record for export, one row per candidate (planners only: graders may not export). `confirmedOnly` is the result transfer to the student registry.
 */
export function exportRows(db: Db, actor: User, exam: Exam, o: { confirmedOnly?: boolean } = {}): ExportRow[] {
  requireExamRole(db, actor, exam, ['planner'], `export the grades of ${exam.code}`);
  const grades = readGradesOfExam(db, exam.id);
  const rows: ExportRow[] = [];
  for (const c of listCandidates(db, exam.id)) {
    const g = grades.get(c.id);
    if (o.confirmedOnly && !g?.confirmed) continue;
    rows.push({
      candidate: c.number,
      student: c.student,
      committee: c.committee,
      grade: g?.grade ?? null,
      points: g?.points ?? null,
      status: c.status,
      confirmed: Boolean(g?.confirmed),
    });
  }
  return rows;
}

/** Logs an export: grades left the database (who, what, where to). */
export function recordExport(db: Db, actor: User, exam: Exam, what: { format: string; file: string | null; rows: number; confirmedOnly: boolean }, now: Date): void {
  writeTx(db, () =>
    recordEvent(db, { actorId: actor.id, kind: 'grades.export', at: now.toISOString(), examId: exam.id, subject: what.file ?? 'stdout', new: what }),
  );
}

export interface GradingSheet {
  head: string[];
  /** Candidate numbers, one per row, with empty cells for the grade (and points). */
  candidates: string[];
  committee: string | null;
}

/**
 * A grading sheet: the candidate numbers that may get a grade, and empty columns to fill in that
 * `grades import` reads back. A planner gets any committee (or the whole test); a grader gets its
 * own committees' candidates only.
 */
export function gradingSheet(db: Db, actor: User, exam: Exam, o: { committee?: string } = {}): GradingSheet {
  requireExamRole(db, actor, exam, ['planner', 'grader'], `make a grading sheet for ${exam.code}`);
  const planner = actsAs(db, actor, exam, 'planner');
  let committeeIds: Set<number> | null = null;
  if (o.committee !== undefined) {
    const c = requireCommittee(db, exam, o.committee);
    if (!planner && !graderCommittees(db, actor.id, exam.id).some((m) => m.id === c.id)) {
      throw new NotPermittedError(`${actor.username} may not make a grading sheet for committee ${o.committee}: not one of its graders`);
    }
    committeeIds = new Set([c.id]);
  } else if (!planner) {
    committeeIds = new Set(graderCommittees(db, actor.id, exam.id).map((m) => m.id));
  }
  const candidates = listCandidates(db, exam.id)
    .filter((c) => committeeIds === null || (c.committeeId !== null && committeeIds.has(c.committeeId)))
    .filter((c) => whyNoGrade(exam, c.status) === null)
    .map((c) => c.number);
  const head =
    exam.scale !== 'points' ? ['Candidate number', 'Grade'] : exam.ungradedPart ? ['Candidate number', 'Points'] : ['Candidate number', 'Points', 'Grade'];
  return { head, candidates, committee: o.committee ?? null };
}
