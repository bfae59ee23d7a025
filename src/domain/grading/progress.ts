import type { Db } from '../../db/open.js';
import { iterateCandidates, whyNoGrade, type Candidate } from '../candidates/candidates.js';
import type { Exam } from '../exams/exams.js';
import { requireCommittee } from './committees.js';
import { readGradesOfExam, readMarksOfExam, type GradeRecord, type GradeState, type MarkRecord } from './grade-store.js';
import { committeesOf, type CommitteeInfo } from './store.js';

/**
 * Where each candidate stands in the grading workflow: private marking and results alignment,
 * conflicts. Everything a command shows about the workflow is computed here from the data (marks,
 * shares, grades of record, confirmations), so list, confirm and report always agree; sharing
 * (sharing.ts), confirmation (confirm.ts) and reopening (reopen.ts) act on it.
 *
 * Sharing seals marks: a grader's share stamps committee_graders.shared_at and rewrites each of its
 * marks in the committee with source 'shared' (same value, batch and time). Any later write of that
 * mark (set, import, undo) goes through writeState with the writer's own source, which unseals it:
 * the changed mark is private again until the grader shares again, and the candidate is not aligned
 * meanwhile. This needs no cooperation from the code that writes marks, and no clock comparison.
 */
export const SEALED = 'shared';

export interface MarkView {
  graderId: number;
  grader: string;
  state: GradeState;
  /** Shared: its grader has shared the committee and the mark has not changed since. */
  shared: boolean;
}

/** A candidate as the workflow sees it. */
export interface CandidateProgress {
  candidate: Candidate;
  committee: CommitteeInfo | null;
  grade: GradeRecord | null;
  /** Marks of the committee's graders, shared or not: callers filter by visibility. */
  marks: MarkView[];
  /** May take a grade. */
  eligible: boolean;
  /** Private marking: every grader of the committee has shared its mark on this candidate. */
  aligned: boolean;
  /** Graders whose share is missing or lapsed for this candidate. */
  waitingFor: string[];
  /** The state every grader marked alike, when they all did. */
  agreed: GradeState | null;
  conflict: boolean;
  /**
   * Private marking: the grade of record came from an alignment ('agreed', not confirmed) that the
   * graders' marks no longer make, e.g. after an undo put shared marks back; a share realigns it.
   */
  staleAgreement: boolean;
}

/** The committee by name, with its graders; refuses a name the test has no committee by. */
export function requireCommitteeInfo(db: Db, exam: Exam, name: string): CommitteeInfo {
  return committeesOf(db, exam.id).get(requireCommittee(db, exam, name).id)!;
}

/** The state of a grade or mark, without what the store adds (source, batch, time). */
export const stateOf = (r: GradeState): GradeState => ({ grade: r.grade, points: r.points, derived: r.derived });
const sameValue = (a: GradeState, b: GradeState) => a.grade === b.grade && a.points === b.points;

/** The workflow state of every candidate on the test, in candidate-number order. */
export function progressOf(db: Db, exam: Exam): CandidateProgress[] {
  return [...progressStream(db, exam)];
}

/** The same as `progressOf`, a candidate at a time as the candidates are read (a listing). */
export function* progressStream(db: Db, exam: Exam): Generator<CandidateProgress> {
  const committees = committeesOf(db, exam.id);
  const grades = readGradesOfExam(db, exam.id);
  const marksBy = new Map<number, MarkRecord[]>();
  for (const m of readMarksOfExam(db, exam.id)) {
    const list = marksBy.get(m.candidateId) ?? [];
    list.push(m);
    marksBy.set(m.candidateId, list);
  }
  for (const cand of iterateCandidates(db, exam.id)) yield progressOfCandidate(exam, cand, committees, grades, marksBy);
}

function progressOfCandidate(
  exam: Exam,
  cand: Candidate,
  committees: ReturnType<typeof committeesOf>,
  grades: ReturnType<typeof readGradesOfExam>,
  marksBy: Map<number, MarkRecord[]>,
): CandidateProgress {
  const committee = cand.committeeId === null ? null : committees.get(cand.committeeId) ?? null;
  const grade = grades.get(cand.id) ?? null;
  const eligible = whyNoGrade(exam, cand.status) === null;
  const graders = committee?.graders ?? [];
  const own = marksBy.get(cand.id) ?? [];
  const marks: MarkView[] = [];
  const waitingFor: string[] = [];
  for (const g of graders) {
    const m = own.find((x) => x.graderId === g.id);
    const shared = g.sharedAt !== null && (m === undefined || m.source === SEALED);
    if (m) marks.push({ graderId: g.id, grader: g.username, state: stateOf(m), shared });
    if (!shared) waitingFor.push(g.username);
  }
  const isPrivate = exam.marking === 'private' && graders.length > 0;
  const aligned = !isPrivate || waitingFor.length === 0;
  const agreed =
    isPrivate && marks.length === graders.length && marks.every((m) => sameValue(m.state, marks[0]!.state))
      ? marks[0]!.state
      : null;
  // A grade of record that is not the graders' agreement (final, a planner's, an import) settles it.
  const settled = grade !== null && (grade.source !== 'agreed' || grade.confirmed);
  const conflict = isPrivate && eligible && aligned && marks.length > 0 && agreed === null && !settled;
  const staleAgreement =
    isPrivate && grade !== null && grade.source === 'agreed' && !grade.confirmed && (agreed === null || !sameValue(grade, agreed));
  return { candidate: cand, committee, grade, marks, eligible, aligned, waitingFor, agreed, conflict, staleAgreement };
}

/** Whether the candidate (by number) is in conflict now: for setting a final grade and friends. */
export function conflictOf(db: Db, exam: Exam, number: string): boolean {
  return progressOf(db, exam).some((p) => p.candidate.number === number && p.conflict);
}
