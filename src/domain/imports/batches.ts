import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { actsAs, requireExamRole } from '../access/access.js';
import { recordEvent } from '../log/events.js';
import { findExamById, type Exam } from '../exams/exams.js';
import { readGrade, readState, sameState, writeState, writeStates, type GradeState, type Target } from '../grading/grade-store.js';
import { showState } from '../grading/grades.js';
import { letterFromPoints } from '../grading/scales.js';
import type { User } from '../people/users.js';

/**
 * Batches: every import (and aggregation) is recorded with each cell's old and
 * new state, and can be undone exactly while nothing it touched has changed since.
 */

/** batch_changes.old / new: the state, plus where the old grade came from so undo restores it exactly. */
interface ChangeDoc extends GradeState {
  source?: string | null;
  batchId?: number | null;
}

export interface ChangeInput {
  batchId: number;
  candidateId: number;
  target: Target;
  old: GradeState | null;
  oldSource?: string | null;
  oldBatch?: number | null;
  new: GradeState;
  source: string;
  actorId: number;
  at: string;
}

/** JSON of a state, written by hand: a 100,000-row import makes 200,000 of these. */
function stateJson(s: GradeState, extra: string): string {
  const points = s.points === null ? 'null' : Number.isFinite(s.points) ? String(s.points) : 'null';
  return `{"grade":${s.grade === null ? 'null' : JSON.stringify(s.grade)},"points":${points},"derived":${s.derived}${extra}}`;
}

const stmts = new WeakMap<Db, import('better-sqlite3').Statement>();

/** Writes one grade or mark of a batch and records its old and new state. */
export function writeChange(db: Db, c: ChangeInput): void {
  writeState(db, c.candidateId, c.target, c.new, { source: c.source, batchId: c.batchId, actorId: c.actorId, at: c.at });
  let ins = stmts.get(db);
  if (!ins) {
    ins = db.prepare('INSERT INTO batch_changes (batch_id, candidate_id, grader_id, old, new) VALUES (?, ?, ?, ?, ?)');
    stmts.set(db, ins);
  }
  ins.run(
    c.batchId,
    c.candidateId,
    c.target.kind === 'mark' ? c.target.graderId : null,
    c.old ? stateJson(c.old, `,"source":${JSON.stringify(c.oldSource ?? null)},"batchId":${c.oldBatch ?? null}`) : null,
    stateJson(c.new, ''),
  );
}

/**
 * Writes a whole batch: every grade or mark through writeStates, then each one's old and new state.
 * Same effect as writeChange for each, at a fraction of the cost for large imports.
 */
export function writeBatch(
  db: Db,
  batchId: number,
  changes: { candidateId: number; target: Target; state: GradeState; old: GradeState | null; oldSource?: string | null; oldBatch?: number | null }[],
  meta: { source: string; actorId: number; at: string },
  onProgress?: (done: number, total: number) => void,
): void {
  writeStates(db, changes, { ...meta, batchId });
  let ins = stmts.get(db);
  if (!ins) {
    ins = db.prepare('INSERT INTO batch_changes (batch_id, candidate_id, grader_id, old, new) VALUES (?, ?, ?, ?, ?)');
    stmts.set(db, ins);
  }
  const total = changes.length;
  for (let i = 0; i < total; i++) {
    if (onProgress && i % 5000 === 0) onProgress(i, total);
    const c = changes[i]!;
    ins.run(
      batchId,
      c.candidateId,
      c.target.kind === 'mark' ? c.target.graderId : null,
      c.old ? stateJson(c.old, `,"source":${JSON.stringify(c.oldSource ?? null)},"batchId":${c.oldBatch ?? null}`) : null,
      stateJson(c.state, ''),
    );
  }
  onProgress?.(total, total);
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

/** A test's batches, oldest first: all of them for a planner, a grader's own for a grader. */
export function listBatches(db: Db, actor: User, exam: Exam): BatchInfo[] {
  requireExamRole(db, actor, exam, ['planner', 'grader'], `list the imports of ${exam.code}`);
  const all = actsAs(db, actor, exam, 'planner');
  const rows = db
    .prepare(`${BATCH_SELECT} WHERE b.exam_id = ? ${all ? '' : 'AND b.actor_id = ?'} ORDER BY b.id`)
    .all(...(all ? [exam.id] : [exam.id, actor.id])) as BatchRow[];
  return rows.map(toInfo);
}

export interface UndoResult extends BatchInfo {
  restored: number;
}

interface ChangeRow {
  candidate_id: number;
  number: string;
  grader_id: number | null;
  grader: string | null;
  old: string | null;
  new: string;
}

/**
 * Restores exactly what a batch found, refusing (5) if anything it wrote has changed since or is
 * confirmed now, listing each such candidate. A planner on the test, or the grader who imported it,
 * may undo; a batch is undone once.
 */
export function undoBatch(db: Db, actor: User, batchId: number, now: Date): UndoResult {
  return writeTx(db, () => {
    const row = db.prepare(`${BATCH_SELECT} WHERE b.id = ?`).get(batchId) as BatchRow | undefined;
    if (!row) throw new NotFoundError(`no batch ${batchId}`);
    const exam = findExamById(db, row.exam_id)!;
    requireExamRole(db, actor, exam, row.actor_id === actor.id ? ['planner', 'grader'] : ['planner'], `undo batch ${batchId} on ${exam.code}`);
    if (row.undone_at) throw new ConflictError(`batch ${batchId} was already undone (${row.undone_at} by ${row.undone_by}); nothing changed`);
    const changes = db
      .prepare(
        `SELECT bc.candidate_id, c.number, bc.grader_id, u.username AS grader, bc.old, bc.new
           FROM batch_changes bc JOIN candidates c ON c.id = bc.candidate_id LEFT JOIN users u ON u.id = bc.grader_id
          WHERE bc.batch_id = ? ORDER BY bc.rowid`,
      )
      .all(batchId) as ChangeRow[];
    // A letter derived from points follows the thresholds as they are now: a threshold change since
    // regraded what the batch wrote (not a change by anyone), and an old state comes back with the
    // letter its points give today, never a letter of thresholds that no longer apply.
    const asNow = (s: GradeState): GradeState => {
      const derived = Boolean(s.derived);
      const grade = derived && s.points !== null && s.grade !== null ? letterFromPoints(s.points, exam.thresholds) : s.grade;
      return { grade, points: s.points, derived };
    };
    const blocked: string[] = [];
    for (const ch of changes) {
      const target: Target = ch.grader_id === null ? { kind: 'shared' } : { kind: 'mark', graderId: ch.grader_id };
      const now = readState(db, ch.candidate_id, target);
      const wrote = JSON.parse(ch.new) as GradeState;
      const whose = ch.grader ? ` (${ch.grader}'s mark)` : '';
      if (!sameState(now, asNow(wrote)) && !sameState(now, { ...wrote, derived: Boolean(wrote.derived) })) {
        blocked.push(`candidate ${ch.number}${whose}: the batch set ${showState(wrote)}, now ${showState(now)}`);
      } else if (readGrade(db, ch.candidate_id)?.confirmed) {
        blocked.push(`candidate ${ch.number}${whose}: the grade is confirmed now (a planner must reopen it first)`);
      }
    }
    if (blocked.length) {
      throw new ConflictError(`batch ${batchId} cannot be undone: ${blocked.length} of its grades changed since; nothing changed`, blocked);
    }
    const at = now.toISOString();
    for (const ch of changes) {
      const target: Target = ch.grader_id === null ? { kind: 'shared' } : { kind: 'mark', graderId: ch.grader_id };
      const old = ch.old === null ? null : (JSON.parse(ch.old) as ChangeDoc);
      writeState(
        db,
        ch.candidate_id,
        target,
        old === null ? null : asNow(old),
        { source: old?.source ?? 'undo', batchId: old?.batchId ?? null, actorId: actor.id, at },
      );
    }
    db.prepare('UPDATE batches SET undone_at = ?, undone_by = ? WHERE id = ?').run(at, actor.id, batchId);
    recordEvent(db, {
      actorId: actor.id,
      kind: 'grades.undo',
      at,
      examId: exam.id,
      subject: `batch ${batchId}`,
      old: { batch: batchId, file: row.file_name, counts: JSON.parse(row.counts) },
      new: { restored: changes.length },
    });
    const info = toInfo(db.prepare(`${BATCH_SELECT} WHERE b.id = ?`).get(batchId) as BatchRow);
    return { ...info, restored: changes.length };
  });
}
