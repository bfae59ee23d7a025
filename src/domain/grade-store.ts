import type { Db } from '../db/open.js';

/**
 * Low-level reading and writing of grades (the grade of record) and marks (a grader's private
 * mark). No rules here: callers check rights, scales, locks and candidate status first, and record
 * events. Every write goes through these functions so that batches and undo see the same shape.
 */

/** What a grade or mark holds; stored as JSON in batch_changes.old / new. */
export interface GradeState {
  grade: string | null;
  points: number | null;
  derived: boolean;
}

export interface GradeRecord extends GradeState {
  candidateId: number;
  source: string;
  batchId: number | null;
  confirmed: boolean;
  confirmedAt: string | null;
  updatedBy: number;
  updatedAt: string;
}

export interface MarkRecord extends GradeState {
  candidateId: number;
  graderId: number;
  source: string;
  batchId: number | null;
  updatedAt: string;
}

/** Where a write lands: the candidate's grade of record, or one grader's private mark. */
export type Target = { kind: 'shared' } | { kind: 'mark'; graderId: number };

interface GradeRow {
  candidate_id: number;
  grade: string | null;
  points: number | null;
  derived: number;
  source: string;
  batch_id: number | null;
  confirmed: number;
  confirmed_at: string | null;
  updated_by: number;
  updated_at: string;
}

interface MarkRow {
  candidate_id: number;
  grader_id: number;
  grade: string | null;
  points: number | null;
  derived: number;
  source: string;
  batch_id: number | null;
  updated_at: string;
}

const toGrade = (r: GradeRow): GradeRecord => ({
  candidateId: r.candidate_id,
  grade: r.grade,
  points: r.points,
  derived: r.derived === 1,
  source: r.source,
  batchId: r.batch_id,
  confirmed: r.confirmed === 1,
  confirmedAt: r.confirmed_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

const toMark = (r: MarkRow): MarkRecord => ({
  candidateId: r.candidate_id,
  graderId: r.grader_id,
  grade: r.grade,
  points: r.points,
  derived: r.derived === 1,
  source: r.source,
  batchId: r.batch_id,
  updatedAt: r.updated_at,
});

export function readGrade(db: Db, candidateId: number): GradeRecord | undefined {
  const r = db.prepare('SELECT * FROM grades WHERE candidate_id = ?').get(candidateId) as GradeRow | undefined;
  return r && toGrade(r);
}

/** All grades of record on a test, keyed by candidate id. */
export function readGradesOfExam(db: Db, examId: number): Map<number, GradeRecord> {
  const rows = db
    .prepare('SELECT g.* FROM grades g JOIN candidates c ON c.id = g.candidate_id WHERE c.exam_id = ?')
    .all(examId) as GradeRow[];
  return new Map(rows.map((r) => [r.candidate_id, toGrade(r)]));
}

export function readMark(db: Db, candidateId: number, graderId: number): MarkRecord | undefined {
  const r = db.prepare('SELECT * FROM marks WHERE candidate_id = ? AND grader_id = ?').get(candidateId, graderId) as
    | MarkRow
    | undefined;
  return r && toMark(r);
}

/** All private marks on a test. */
export function readMarksOfExam(db: Db, examId: number): MarkRecord[] {
  return (
    db
      .prepare('SELECT m.* FROM marks m JOIN candidates c ON c.id = m.candidate_id WHERE c.exam_id = ?')
      .all(examId) as MarkRow[]
  ).map(toMark);
}

/** The current state at a target, or null when there is none. */
export function readState(db: Db, candidateId: number, target: Target): GradeState | null {
  const r = target.kind === 'shared' ? readGrade(db, candidateId) : readMark(db, candidateId, target.graderId);
  return r ? { grade: r.grade, points: r.points, derived: r.derived } : null;
}

export function sameState(a: GradeState | null, b: GradeState | null): boolean {
  if (a === null || b === null) return a === b;
  return a.grade === b.grade && a.points === b.points && a.derived === b.derived;
}

export interface WriteMeta {
  source: string;
  batchId?: number | null;
  actorId: number;
  at: string;
}

/**
 * Writes (or with state null, removes) a grade or mark. A rewritten grade of record is no longer
 * confirmed: callers refuse writes to confirmed grades before they get here.
 */
export function writeState(db: Db, candidateId: number, target: Target, state: GradeState | null, meta: WriteMeta): void {
  if (target.kind === 'shared') {
    if (state === null) {
      db.prepare('DELETE FROM grades WHERE candidate_id = ?').run(candidateId);
      db.prepare('DELETE FROM confirmations WHERE candidate_id = ?').run(candidateId);
      return;
    }
    db.prepare(
      `INSERT INTO grades (candidate_id, grade, points, derived, source, batch_id, confirmed, confirmed_at, updated_by, updated_at)
       VALUES (@candidateId, @grade, @points, @derived, @source, @batchId, 0, NULL, @actorId, @at)
       ON CONFLICT (candidate_id) DO UPDATE SET grade = excluded.grade, points = excluded.points,
         derived = excluded.derived, source = excluded.source, batch_id = excluded.batch_id,
         confirmed = 0, confirmed_at = NULL, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    ).run({
      candidateId,
      grade: state.grade,
      points: state.points,
      derived: state.derived ? 1 : 0,
      source: meta.source,
      batchId: meta.batchId ?? null,
      actorId: meta.actorId,
      at: meta.at,
    });
    // Confirmations are of the grade as it was: a rewritten grade must be confirmed afresh.
    db.prepare('DELETE FROM confirmations WHERE candidate_id = ?').run(candidateId);
    return;
  }
  if (state === null) {
    db.prepare('DELETE FROM marks WHERE candidate_id = ? AND grader_id = ?').run(candidateId, target.graderId);
    return;
  }
  db.prepare(
    `INSERT INTO marks (candidate_id, grader_id, grade, points, derived, source, batch_id, updated_at)
     VALUES (@candidateId, @graderId, @grade, @points, @derived, @source, @batchId, @at)
     ON CONFLICT (candidate_id, grader_id) DO UPDATE SET grade = excluded.grade, points = excluded.points,
       derived = excluded.derived, source = excluded.source, batch_id = excluded.batch_id, updated_at = excluded.updated_at`,
  ).run({
    candidateId,
    graderId: target.graderId,
    grade: state.grade,
    points: state.points,
    derived: state.derived ? 1 : 0,
    source: meta.source,
    batchId: meta.batchId ?? null,
    at: meta.at,
  });
}
