import { insertInSets, type SetColumn } from '../../db/sets.js';
import type { Db } from '../../db/open.js';
import type { AheadRead } from '../../db/port.js';
import type { CandidateStatus } from '../candidates/candidates.js';
import type { GradeState } from '../grading/grade-store.js';
import { stmt } from '../../db/statements.js';

/**
 * Reading and writing batches (every import and aggregation, with each cell's old and new state)
 * and what an import reads in bulk. No rules here: callers check rights and refuse first.
 */

/** batch_changes.old / new: the state, plus where the old grade came from so undo restores it exactly. */
export interface ChangeDoc extends GradeState {
  source?: string | null;
  batchId?: number | null;
}

export interface BatchInfo {
  batch: number;
  test: string;
  kind: 'import' | 'aggregate';
  file: string | null;
  sha256: string | null;
  actor: string;
  at: string;
  counts: Record<string, number>;
  changes: number;
  undone: boolean;
  undoneAt: string | null;
  undoneBy: string | null;
}

interface BatchRow {
  id: number;
  exam_id: number;
  code: string;
  kind: 'import' | 'aggregate';
  file_name: string | null;
  sha256: string | null;
  actor_id: number;
  actor: string;
  at: string;
  counts: string;
  undone_at: string | null;
  undone_by: string | null;
  changes: number;
}

const BATCH_SELECT = `SELECT b.id, b.exam_id, x.code, b.kind, b.file_name, b.sha256, b.actor_id, a.username AS actor, b.at,
    b.counts, b.undone_at, ub.username AS undone_by,
    (SELECT count(*) FROM batch_changes bc WHERE bc.batch_id = b.id) AS changes
  FROM batches b JOIN exams x ON x.id = b.exam_id JOIN users a ON a.id = b.actor_id LEFT JOIN users ub ON ub.id = b.undone_by`;

const toInfo = (r: BatchRow): BatchInfo => ({
  batch: r.id,
  test: r.code,
  kind: r.kind,
  file: r.file_name,
  sha256: r.sha256,
  actor: r.actor,
  at: r.at,
  counts: JSON.parse(r.counts) as Record<string, number>,
  changes: r.changes,
  undone: r.undone_at !== null,
  undoneAt: r.undone_at,
  undoneBy: r.undone_by,
});

/** A test's batches, oldest first: all of them, or with actorId only that user's. */
export function batchesOfExam(db: Db, examId: number, actorId: number | null): BatchInfo[] {
  const all = actorId === null;
  const rows = stmt(db, `${BATCH_SELECT} WHERE b.exam_id = ? ${all ? '' : 'AND b.actor_id = ?'} ORDER BY b.id`).all(
    ...(all ? [examId] : [examId, actorId]),
  ) as BatchRow[];
  return rows.map(toInfo);
}

/** A batch, with the test it is on and who wrote it. */
export function findBatch(db: Db, batchId: number): { info: BatchInfo; examId: number; actorId: number } | undefined {
  const row = stmt(db, `${BATCH_SELECT} WHERE b.id = ?`).get(batchId) as BatchRow | undefined;
  return row && { info: toInfo(row), examId: row.exam_id, actorId: row.actor_id };
}

export interface NewBatch {
  examId: number;
  kind: 'import' | 'aggregate';
  fileName: string;
  sha256: string | null;
  actorId: number;
  at: string;
  counts: Record<string, number>;
}

/** Records a new batch; returns its id. */
export function insertBatch(db: Db, b: NewBatch): number {
  return Number(
    stmt(db, 'INSERT INTO batches (exam_id, kind, file_name, sha256, actor_id, at, counts) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      b.examId,
      b.kind,
      b.fileName,
      b.sha256,
      b.actorId,
      b.at,
      JSON.stringify(b.counts),
    ).lastInsertRowid,
  );
}

export function markBatchUndone(db: Db, batchId: number, at: string, actorId: number): void {
  stmt(db, 'UPDATE batches SET undone_at = ?, undone_by = ? WHERE id = ?').run(at, actorId, batchId);
}

/** Ids of the test's batches (not undone) of a file with these bytes, oldest first. */
export function batchesOfFile(db: Db, examId: number, sha256: string): number[] {
  return (
    stmt(db, 'SELECT id FROM batches WHERE exam_id = ? AND sha256 = ? AND undone_at IS NULL ORDER BY id').all(examId, sha256) as { id: number }[]
  ).map((b) => b.id);
}

/** JSON of a state, written by hand: a 100,000-row import makes 200,000 of these. */
function stateJson(s: GradeState, extra: string): string {
  const points = s.points === null ? 'null' : Number.isFinite(s.points) ? String(s.points) : 'null';
  return `{"grade":${s.grade === null ? 'null' : JSON.stringify(s.grade)},"points":${points},"derived":${s.derived}${extra}}`;
}

/** One cell of a batch: whose it is, what it held (and where that came from), what the batch wrote. */
export interface BatchChange {
  candidateId: number;
  /** The grader whose private mark it is; null for the grade of record. */
  graderId: number | null;
  old: GradeState | null;
  oldSource?: string | null;
  oldBatch?: number | null;
  new: GradeState;
}

/** Records one cell's old and new state in a batch (for large imports: called once per row). */
export function insertBatchChange(db: Db, batchId: number, c: BatchChange): void {
  stmt(db, INSERT_CHANGE).run(batchId, c.candidateId, c.graderId, oldJson(c), stateJson(c.new, ''));
}

const INSERT_CHANGE = 'INSERT INTO batch_changes (batch_id, candidate_id, grader_id, old, new) VALUES (?, ?, ?, ?, ?)';

/**
 * Records many cells of a batch, in order, a set of cells a statement (src/db/sets.ts): an import
 * of 100,000 rows makes ten statements on a server and a hundred on SQLite.
 */
export function insertBatchChanges(db: Db, batchId: number, list: readonly WrittenCell[], onProgress?: (done: number) => void): void {
  insertInSets(db, 'batch_changes', [{ name: 'batch_id', type: 'integer', of: () => batchId }, ...CHANGE_COLUMNS], list, onProgress);
}

/** A cell as a batch writes it: the grade or mark, its new state, and what it held before. */
export interface WrittenCell {
  candidateId: number;
  target: { kind: 'shared' } | { kind: 'mark'; graderId: number };
  state: GradeState;
  old: GradeState | null;
  oldSource?: string | null;
  oldBatch?: number | null;
}

const oldJson = (c: Pick<BatchChange, 'old' | 'oldSource' | 'oldBatch'>) =>
  c.old ? stateJson(c.old, `,"source":${JSON.stringify(c.oldSource ?? null)},"batchId":${c.oldBatch ?? null}`) : null;

/** A cell's columns in batch_changes after its batch: candidate, grader, old, new. */
const CHANGE_COLUMNS: readonly SetColumn<WrittenCell>[] = [
  { name: 'candidate_id', type: 'integer', of: (c) => c.candidateId },
  { name: 'grader_id', type: 'integer', of: (c) => (c.target.kind === 'mark' ? c.target.graderId : null) },
  { name: 'old', type: 'text', of: (c) => oldJson(c) },
  { name: 'new', type: 'text', of: (c) => stateJson(c.state, '') },
];

export interface StoredChange {
  candidateId: number;
  number: string;
  graderId: number | null;
  grader: string | null;
  old: ChangeDoc | null;
  new: GradeState;
}

/** A batch's cells in the order written, with candidate numbers and graders' usernames. */
export function changesOfBatch(db: Db, batchId: number): StoredChange[] {
  const rows = stmt(
    db,
    `SELECT bc.candidate_id, c.number, bc.grader_id, u.username AS grader, bc.old, bc.new
           FROM batch_changes bc JOIN candidates c ON c.id = bc.candidate_id LEFT JOIN users u ON u.id = bc.grader_id
          WHERE bc.batch_id = ? ORDER BY bc.rowid`,
  ).all(batchId) as { candidate_id: number; number: string; grader_id: number | null; grader: string | null; old: string | null; new: string }[];
  return rows.map((r) => ({
    candidateId: r.candidate_id,
    number: r.number,
    graderId: r.grader_id,
    grader: r.grader,
    old: r.old === null ? null : (JSON.parse(r.old) as ChangeDoc),
    new: JSON.parse(r.new) as GradeState,
  }));
}

/** What an import needs of a candidate, straight from SQLite's row array: id, number, status, committee. */
export type LeanCandidate = [id: number, number: string, status: CandidateStatus, committeeId: number | null];

const LEAN_CANDIDATES = 'SELECT id, number, status, committee_id FROM candidates WHERE exam_id = ?';

/** The test's candidates, read lean (no joins, no sort, no object per candidate) for 100,000-row imports. */
export function leanCandidatesOfExam(db: Db, examId: number): LeanCandidate[] {
  return stmt(db, LEAN_CANDIDATES).raw().all(examId) as LeanCandidate[];
}

/** leanCandidatesOfExam as a read for a transaction begun ahead (Port.writeAhead). */
export const leanCandidatesAhead = (examId: number): AheadRead => ({ sql: LEAN_CANDIDATES, params: [examId], raw: true });

/** The plan a dry run of a grades import logged: the file and every change it would make. */
export type PlanDoc = { plan: string; file: string; sha256: string; changes: [string, string, string][] };

/** The latest dry run of the test that printed this plan id. */
export function findImportPlan(db: Db, examId: number, planId: string): PlanDoc | undefined {
  const ev = stmt(
    db,
    `SELECT new FROM events WHERE kind = 'grades.import.plan' AND exam_id = ? AND json_extract(new, '$.plan') = ? ORDER BY id DESC LIMIT 1`,
  ).get(examId, planId) as { new: string } | undefined;
  return ev && (JSON.parse(ev.new) as PlanDoc);
}
