import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { actsAs, requireExamRole } from '../access/access.js';
import { recordEvent } from '../log/events.js';
import { findExamById, type Exam } from '../exams/exams.js';
import { readGradesOfExam, readMarksOfExam, sameState, writeState, writeStates, type GradeState, type Target } from '../grading/grade-store.js';
import { showState } from '../grading/grades.js';
import { letterInForce } from '../grading/scales.js';
import { batchesOfExam, changesOfBatch, findBatch, insertBatchChange, insertBatchChanges, markBatchUndone, type BatchInfo } from './store.js';
import type { User } from '../people/users.js';

/**
 * Batches: every import (and aggregation) is recorded with each cell's old and
 * new state, and can be undone exactly while nothing it touched has changed since.
 */

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

/** Writes one grade or mark of a batch and records its old and new state. */
export function writeChange(db: Db, c: ChangeInput): void {
  writeState(db, c.candidateId, c.target, c.new, { source: c.source, batchId: c.batchId, actorId: c.actorId, at: c.at });
  insertBatchChange(db, c.batchId, {
    candidateId: c.candidateId,
    graderId: c.target.kind === 'mark' ? c.target.graderId : null,
    old: c.old,
    oldSource: c.oldSource,
    oldBatch: c.oldBatch,
    new: c.new,
  });
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
  // a grade with no old state is not there (read in the same transaction, under the write lock)
  const items = changes.map((c) => ({ candidateId: c.candidateId, target: c.target, state: c.state, absent: c.old === null && c.target.kind === 'shared' }));
  writeStates(db, items, { ...meta, batchId });
  const total = changes.length;
  insertBatchChanges(db, batchId, changes, onProgress && ((done) => onProgress(done, total)));
  onProgress?.(total, total);
}

export type { BatchInfo } from './store.js';

/** A test's batches, oldest first: all of them for a planner, a grader's own for a grader. */
export function listBatches(db: Db, actor: User, exam: Exam): BatchInfo[] {
  requireExamRole(db, actor, exam, ['planner', 'grader'], `list the imports of ${exam.code}`);
  const all = actsAs(db, actor, exam, 'planner');
  return batchesOfExam(db, exam.id, all ? null : actor.id);
}

export interface UndoResult extends BatchInfo {
  restored: number;
}

/**
 * Restores exactly what a batch found, refusing (5) if anything it wrote has changed since or is
 * confirmed now, listing each such candidate. A planner on the test, or the grader who imported it,
 * may undo; a batch is undone once.
 */
export function undoBatch(db: Db, actor: User, batchId: number, now: Date): UndoResult {
  return writeTx(db, () => {
    const found = findBatch(db, batchId);
    if (!found) throw new NotFoundError(`no batch ${batchId}`);
    const row = found.info;
    const exam = findExamById(db, found.examId)!;
    requireExamRole(db, actor, exam, found.actorId === actor.id ? ['planner', 'grader'] : ['planner'], `undo batch ${batchId} on ${exam.code}`);
    if (row.undoneAt) throw new ConflictError(`batch ${batchId} was already undone (${row.undoneAt} by ${row.undoneBy}); nothing changed`);
    const changes = changesOfBatch(db, batchId);
    // A letter derived from points follows the thresholds as they are now: a threshold change since
    // regraded what the batch wrote (not a change by anyone), and an old state comes back with the
    // letter its points give today, never a letter of thresholds that no longer apply.
    const asNow = (s: GradeState): GradeState => {
      const derived = Boolean(s.derived);
      return { grade: letterInForce({ grade: s.grade, points: s.points, derived }, exam.thresholds), points: s.points, derived };
    };
    // The test's grades and marks as they stand, read once (a batch may hold 100,000 of them).
    const grades = readGradesOfExam(db, exam.id);
    const marks = new Map(readMarksOfExam(db, exam.id).map((m) => [`${m.candidateId}/${m.graderId}`, m]));
    const stateNow = (ch: (typeof changes)[number]): GradeState | null => {
      const r = ch.graderId === null ? grades.get(ch.candidateId) : marks.get(`${ch.candidateId}/${ch.graderId}`);
      return r ? { grade: r.grade, points: r.points, derived: r.derived } : null;
    };
    const blocked: string[] = [];
    for (const ch of changes) {
      const now = stateNow(ch);
      const wrote = ch.new;
      const whose = ch.grader ? ` (${ch.grader}'s mark)` : '';
      if (!sameState(now, asNow(wrote)) && !sameState(now, { ...wrote, derived: Boolean(wrote.derived) })) {
        blocked.push(`candidate ${ch.number}${whose}: the batch set ${showState(wrote)}, now ${showState(now)}`);
      } else if (grades.get(ch.candidateId)?.confirmed) {
        blocked.push(`candidate ${ch.number}${whose}: the grade is confirmed now (a planner must reopen it first)`);
      }
    }
    if (blocked.length) {
      throw new ConflictError(`batch ${batchId} cannot be undone: ${blocked.length} of its grades changed since; nothing changed`, blocked);
    }
    const at = now.toISOString();
    // Each grade or mark back as it was, with the source and batch it had; as sets.
    writeStates(
      db,
      changes.map((ch) => {
        const target: Target = ch.graderId === null ? { kind: 'shared' } : { kind: 'mark', graderId: ch.graderId };
        const old = ch.old;
        return { candidateId: ch.candidateId, target, state: old === null ? null : asNow(old), source: old?.source ?? 'undo', batchId: old?.batchId ?? null };
      }),
      { source: 'undo', actorId: actor.id, at },
    );
    markBatchUndone(db, batchId, at, actor.id);
    recordEvent(db, {
      actorId: actor.id,
      kind: 'grades.undo',
      at,
      examId: exam.id,
      subject: `batch ${batchId}`,
      old: { batch: batchId, file: row.file, counts: row.counts },
      new: { restored: changes.length },
    });
    const info = findBatch(db, batchId)!.info;
    return { ...info, restored: changes.length };
  });
}
