import type { Db } from '../../db/open.js';
import { requireExamRole } from '../access/access.js';
import { requireExam } from '../exams/exams.js';
import { gradesOf } from './scales.js';
import type { User } from '../people/users.js';
import { progressOf } from './progress.js';

/**
 * `report <test>`: the grade distribution and grading progress per committee. It counts
 * grades of record only, never private marks, so it reveals nothing a grader has not shared.
 */
export interface ReportBucket {
  grade: string;
  count: number;
  /** Share of the graded candidates, 0–100, one decimal. */
  percent: number;
}

export interface CommitteeProgress {
  /** null: the candidates in no committee. */
  committee: string | null;
  graders: string[];
  /** Graders who have shared (private marking; every grader counts as shared in shared marking). */
  shared: string[];
  candidates: number;
  /** Candidates that may take a grade (not absent/withdrawn; attended/submitted on a registration test). */
  eligible: number;
  graded: number;
  conflicts: number;
  confirmed: number;
}

export interface Report {
  test: string;
  title: string;
  scale: string;
  marking: string;
  /** Buckets are letters (or Pass/NotPass); on an ungraded part, points in bands of ten. */
  buckets: 'grades' | 'points';
  candidates: number;
  graded: number;
  distribution: ReportBucket[];
  committees: CommitteeProgress[];
}

const POINT_BANDS = ['0-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-79', '80-89', '90-100'];

export function buildReport(db: Db, actor: User, code: string): Report {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner', 'reporter'], `see reports on test ${exam.code}`);
  const progress = progressOf(db, exam);
  const graded = progress.filter((p) => p.grade !== null);
  const pointsOnly = exam.ungradedPart;
  const labels = pointsOnly ? POINT_BANDS : gradesOf(exam.scale);
  const counts = new Map<string, number>(labels.map((l) => [l, 0]));
  for (const p of graded) {
    const key = pointsOnly
      ? p.grade!.points === null
        ? null
        : POINT_BANDS[Math.min(9, Math.floor(p.grade!.points / 10))]!
      : p.grade!.grade;
    if (key !== null && counts.has(key)) counts.set(key, counts.get(key)! + 1);
  }
  const total = graded.length;
  const distribution = labels.map((grade) => {
    const count = counts.get(grade)!;
    return { grade, count, percent: total === 0 ? 0 : Math.round((count / total) * 1000) / 10 };
  });
  const byCommittee = new Map<number | null, CommitteeProgress>();
  for (const p of progress) {
    const key = p.committee?.id ?? null;
    let row = byCommittee.get(key);
    if (!row) {
      const graders = p.committee?.graders ?? [];
      row = {
        committee: p.committee?.name ?? null,
        graders: graders.map((g) => g.username),
        shared: exam.marking === 'private' ? graders.filter((g) => g.sharedAt !== null).map((g) => g.username) : graders.map((g) => g.username),
        candidates: 0,
        eligible: 0,
        graded: 0,
        conflicts: 0,
        confirmed: 0,
      };
      byCommittee.set(key, row);
    }
    row.candidates++;
    if (p.eligible) row.eligible++;
    if (p.grade) row.graded++;
    if (p.conflict) row.conflicts++;
    if (p.grade?.confirmed) row.confirmed++;
  }
  const committees = [...byCommittee.values()].sort((a, b) =>
    a.committee === null ? 1 : b.committee === null ? -1 : a.committee.localeCompare(b.committee),
  );
  return {
    test: exam.code,
    title: exam.title,
    scale: exam.scale,
    marking: exam.marking,
    buckets: pointsOnly ? 'points' : 'grades',
    candidates: progress.length,
    graded: total,
    distribution,
    committees,
  };
}
