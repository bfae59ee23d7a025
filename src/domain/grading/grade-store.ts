import type { Db } from '../../db/open.js';

/**
 * Low-level reading and writing of grades (the grade of record) and marks (a grader's private
 * mark). No rules here: callers check rights, scales, locks and candidate status first, and record
 * events. Every write goes through these functions so that batches and undo see the same shape.
 */

import { stmt } from '../../db/statements.js';
import { insertInSets, runInSets, type SetColumn } from '../../db/sets.js';

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
  const r = stmt(db, 'SELECT * FROM grades WHERE candidate_id = ?').get(candidateId) as GradeRow | undefined;
  return r && toGrade(r);
}

/** All grades of record on a test, keyed by candidate id. */
export function readGradesOfExam(db: Db, examId: number): Map<number, GradeRecord> {
  const rows = stmt(db, 'SELECT g.* FROM grades g JOIN candidates c ON c.id = g.candidate_id WHERE c.exam_id = ?')
    .all(examId) as GradeRow[];
  return new Map(rows.map((r) => [r.candidate_id, toGrade(r)]));
}

export function readMark(db: Db, candidateId: number, graderId: number): MarkRecord | undefined {
  const r = stmt(db, 'SELECT * FROM marks WHERE candidate_id = ? AND grader_id = ?').get(candidateId, graderId) as
    | MarkRow
    | undefined;
  return r && toMark(r);
}

/** All private marks on a test. */
export function readMarksOfExam(db: Db, examId: number): MarkRecord[] {
  return (
    stmt(db, 'SELECT m.* FROM marks m JOIN candidates c ON c.id = m.candidate_id WHERE c.exam_id = ?')
      .all(examId) as MarkRow[]
  ).map(toMark);
}

/** A grader's private marks on the candidates of one committee. */
export function readMarksOfGraderInCommittee(db: Db, committeeId: number, graderId: number): MarkRecord[] {
  return (
    stmt(
      db,
      `SELECT m.candidate_id AS candidateId, m.grade, m.points, m.derived, m.source, m.batch_id AS batchId, m.updated_at AS updatedAt
       FROM marks m JOIN candidates c ON c.id = m.candidate_id WHERE c.committee_id = ? AND m.grader_id = ?`,
    ).all(committeeId, graderId) as { candidateId: number; grade: string | null; points: number | null; derived: number; source: string; batchId: number | null; updatedAt: string }[]
  ).map((r) => ({ ...r, graderId, derived: r.derived === 1 }));
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
      stmt(db, 'DELETE FROM grades WHERE candidate_id = ?').run(candidateId);
      stmt(db, 'DELETE FROM confirmations WHERE candidate_id = ?').run(candidateId);
      return;
    }
    stmt(
    db,
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
    stmt(db, 'DELETE FROM confirmations WHERE candidate_id = ?').run(candidateId);
    return;
  }
  if (state === null) {
    stmt(db, 'DELETE FROM marks WHERE candidate_id = ? AND grader_id = ?').run(candidateId, target.graderId);
    return;
  }
  stmt(
    db,
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

/** One of many grades or marks to write: with its own source and batch where they differ from the write's (an undo restores each grade's). */
export interface StateItem {
  candidateId: number;
  target: Target;
  state: GradeState | null;
  batchId?: number | null;
  source?: string;
  /** True when the caller read, under the write lock, that the candidate has no grade of record. */
  absent?: boolean;
}

/**
 * writeState for many grades or marks at once, with the same effect as calling it for each: a bulk
 * import writes 100,000 rows, an undo restores as many, as sets (upsertStatesInSets, and
 * removeStatesInSets for null states). A set naming one grade twice goes row by row, in order.
 * Keep the two in step.
 */
export function writeStates(db: Db, items: StateItem[], meta: WriteMeta): void {
  if (!repeats(items)) {
    removeStatesInSets(db, items.filter((it) => it.state === null));
    return upsertStatesInSets(db, items.filter((it): it is SetItem => it.state !== null), meta);
  }
  const upsertGrade = stmt(
    db,
    `INSERT INTO grades (candidate_id, grade, points, derived, source, batch_id, confirmed, confirmed_at, updated_by, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 0, NULL, ?, ?)
     ON CONFLICT (candidate_id) DO UPDATE SET grade = excluded.grade, points = excluded.points,
       derived = excluded.derived, source = excluded.source, batch_id = excluded.batch_id,
       confirmed = 0, confirmed_at = NULL, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  );
  const upsertMark = stmt(
    db,
    `INSERT INTO marks (candidate_id, grader_id, grade, points, derived, source, batch_id, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (candidate_id, grader_id) DO UPDATE SET grade = excluded.grade, points = excluded.points,
       derived = excluded.derived, source = excluded.source, batch_id = excluded.batch_id, updated_at = excluded.updated_at`,
  );
  const rewritten: number[] = [];
  for (const it of items) {
    const s = it.state;
    if (s === null) {
      writeState(db, it.candidateId, it.target, null, { ...meta, batchId: it.batchId ?? meta.batchId });
      continue;
    }
    if (it.target.kind === 'shared') {
      upsertGrade.run(it.candidateId, s.grade, s.points, s.derived ? 1 : 0, it.source ?? meta.source, it.batchId ?? meta.batchId ?? null, meta.actorId, meta.at);
      rewritten.push(it.candidateId);
    } else {
      upsertMark.run(it.candidateId, it.target.graderId, s.grade, s.points, s.derived ? 1 : 0, it.source ?? meta.source, it.batchId ?? meta.batchId ?? null, meta.at);
    }
  }
  // Confirmations are of the grade as it was (as in writeState): one statement for all rewritten grades.
  if (rewritten.length) {
    stmt(db, 'DELETE FROM confirmations WHERE candidate_id IN (SELECT CAST(value AS integer) FROM json_each(?))').run(JSON.stringify(rewritten));
  }
}

type SetItem = StateItem & { state: GradeState };

/**
 * writeStates as sets (src/db/sets.ts), with the same effect as one upsert per row: on a server
 * each statement is a round trip, and on SQLite one statement of a thousand rows costs less than a
 * thousand calls of a bound statement. A candidate written twice in one set would be refused by ON
 * CONFLICT on a server, so the caller sends such sets row by row.
 */
export function upsertStatesInSets(db: Db, items: readonly SetItem[], meta: WriteMeta): void {
  const candidate: SetColumn<SetItem> = { name: 'c', type: 'integer', of: (it) => it.candidateId };
  const state: SetColumn<SetItem>[] = [
    { name: 'g', type: 'text', of: (it) => it.state.grade },
    { name: 'p', type: 'double precision', of: (it) => it.state.points },
    { name: 'd', type: 'integer', of: (it) => (it.state.derived ? 1 : 0) },
    { name: 'b', type: 'integer', of: (it) => it.batchId ?? meta.batchId ?? null },
    { name: 's', type: 'text', of: (it) => it.source ?? meta.source },
  ];
  const grades = items.filter((it) => it.target.kind === 'shared');
  // Grades the caller found absent are inserted as such (on a server a COPY, which costs less than
  // an upsert): it read them under the write lock, so none appears meanwhile, and one that did
  // would be refused, not overwritten.
  insertInSets(
    db,
    'grades',
    [
      { name: 'candidate_id', type: 'integer', of: (it) => it.candidateId },
      { name: 'grade', type: 'text', of: (it) => it.state.grade },
      { name: 'points', type: 'double precision', of: (it) => it.state.points },
      { name: 'derived', type: 'integer', of: (it) => (it.state.derived ? 1 : 0) },
      { name: 'source', type: 'text', of: (it) => it.source ?? meta.source },
      { name: 'batch_id', type: 'integer', of: (it) => it.batchId ?? meta.batchId ?? null },
      { name: 'updated_by', type: 'integer', of: () => meta.actorId },
      { name: 'updated_at', type: 'text', of: () => meta.at },
    ],
    grades.filter((it) => it.absent === true),
  );
  runInSets(
    db,
    grades.filter((it) => it.absent !== true),
    [candidate, ...state],
    (from) =>
      `INSERT INTO grades (candidate_id, grade, points, derived, source, batch_id, confirmed, confirmed_at, updated_by, updated_at)
       SELECT t.c, t.g, t.p, t.d, t.s, t.b, 0, NULL, ?, ? FROM ${from}
       ON CONFLICT (candidate_id) DO UPDATE SET grade = excluded.grade, points = excluded.points,
         derived = excluded.derived, source = excluded.source, batch_id = excluded.batch_id,
         confirmed = 0, confirmed_at = NULL, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [meta.actorId, meta.at],
  );
  // Confirmations are of the grade as it was (as in writeState).
  runInSets(db, grades, [candidate], (from) => `DELETE FROM confirmations WHERE candidate_id IN (SELECT t.c FROM ${from})`);
  const grader: SetColumn<SetItem> = { name: 'r', type: 'integer', of: (it) => (it.target as { graderId: number }).graderId };
  runInSets(
    db,
    items.filter((it) => it.target.kind === 'mark'),
    [candidate, grader, ...state],
    (from) =>
      `INSERT INTO marks (candidate_id, grader_id, grade, points, derived, source, batch_id, updated_at)
       SELECT t.c, t.r, t.g, t.p, t.d, t.s, t.b, ? FROM ${from}
       ON CONFLICT (candidate_id, grader_id) DO UPDATE SET grade = excluded.grade, points = excluded.points,
         derived = excluded.derived, source = excluded.source, batch_id = excluded.batch_id, updated_at = excluded.updated_at`,
    [meta.at],
  );
}

/**
 * writeState with a null state for many grades or marks at once, as sets: the grades removed with
 * their confirmations, the marks removed grader by grader.
 */
function removeStatesInSets(db: Db, items: readonly StateItem[]): void {
  const candidate: SetColumn<StateItem> = { name: 'c', type: 'integer', of: (it) => it.candidateId };
  const grades = items.filter((it) => it.target.kind === 'shared');
  runInSets(db, grades, [candidate], (from) => `DELETE FROM grades WHERE candidate_id IN (SELECT t.c FROM ${from})`);
  runInSets(db, grades, [candidate], (from) => `DELETE FROM confirmations WHERE candidate_id IN (SELECT t.c FROM ${from})`);
  const graders = new Set(items.flatMap((it) => (it.target.kind === 'mark' ? [it.target.graderId] : [])));
  for (const grader of graders) {
    const marks = items.filter((it) => it.target.kind === 'mark' && it.target.graderId === grader);
    runInSets(db, marks, [candidate], (from) => `DELETE FROM marks WHERE grader_id = ? AND candidate_id IN (SELECT t.c FROM ${from})`, [grader]);
  }
}

/** Whether a set names one candidate's grade (or one grader's mark) twice. */
export function repeats(items: readonly { candidateId: number; target: Target }[]): boolean {
  // grades by candidate id, marks by candidate and grader (a number per grade: 100,000 of them cost
  // half as much as as many strings)
  const grades = new Set<number>();
  const marks = new Set<string>();
  for (const it of items) {
    if (it.target.kind === 'shared') {
      if (grades.has(it.candidateId)) return true;
      grades.add(it.candidateId);
    } else {
      const k = `${it.candidateId}/${it.target.graderId}`;
      if (marks.has(k)) return true;
      marks.add(k);
    }
  }
  return false;
}
