import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, ValidationError, type Issue } from '../../errors.js';
import { given, say } from '../words.js';
import { requireExamRole } from '../access/access.js';
import { listCandidates, whyNoGrade, type Candidate } from '../candidates/candidates.js';
import { recordEvent } from '../log/events.js';
import { findExam, partsOf, requireExam, type Exam } from '../exams/exams.js';
import { insertBatch, insertBatchChange } from '../imports/store.js';
import { readGradesOfExam, writeState, type GradeState } from './grade-store.js';
import { letterFromPoints } from './scales.js';
import type { User } from '../people/users.js';

/**
 * Portfolio aggregation (beyond what the exam system itself offers): each candidate's weighted points from
 * the parts' points, mapped to the aggregate's scale and registered on the aggregate (a grade
 * registration test) as one batch that `grades undo` reverses. Nothing is guessed: a candidate
 * missing a part's points is listed and gets no grade.
 */

/** Weights must sum to 1 within this; binary fractions like 0.1 + 0.2 are not exact. */
export const WEIGHT_TOLERANCE = 1e-9;

export type AggregateChange = 'new' | 'changed' | 'unchanged' | 'missing' | 'no grade allowed';

export interface AggregateRow {
  candidate: string;
  student: string | null;
  /** Each part's points for this candidate; null where it has none. */
  parts: Record<string, number | null>;
  points: number | null;
  grade: string | null;
  old: { grade: string | null; points: number | null } | null;
  change: AggregateChange;
  /** Why no grade: the parts missing, or why the candidate may take none. */
  missing: string[];
}

export interface AggregateResult {
  test: string;
  batch: number | null;
  dryRun: boolean;
  weights: Record<string, number>;
  counts: { new: number; changed: number; unchanged: number; missing: number; noGradeAllowed: number };
  rows: AggregateRow[];
}

/** `P1=0.5,P2=0.5` → { P1: 0.5, P2: 0.5 }, every malformed item listed. */
export function parseWeights(text: string): { weights: Record<string, number>; issues: Issue[] } {
  const weights: Record<string, number> = {};
  const issues: Issue[] = [];
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(.+?)=\s*(\d+(?:[.]\d+)?|[.]\d+)$/.exec(item);
    if (!m) {
      issues.push({ value: item, message: 'expected <part test>=<weight>, such as P1=0.5' });
      continue;
    }
    const code = m[1]!.trim();
    if (code in weights) issues.push({ value: item, message: `part test ${code} is weighted twice` });
    weights[code] = Number(m[2]);
  }
  if (Object.keys(weights).length === 0 && issues.length === 0) {
    issues.push({ value: text, message: 'expected <part test>=<weight>,..., such as P1=0.5,P2=0.5' });
  }
  return { weights, issues };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function aggregateGrades(
  db: Db,
  actor: User,
  code: string,
  input: { weights: string; dryRun?: boolean },
  now: Date,
): AggregateResult {
  const agg = requireExam(db, code);
  requireExamRole(db, actor, agg, ['planner'], `register aggregated grades on test ${agg.code}`);
  const { weights, issues } = parseWeights(input.weights);
  const parts = partsOf(db, agg.id).map((c) => findExam(db, c)!);
  if (parts.length === 0) {
    throw new ConflictError(`test ${agg.code} has no part tests`).withFixes([{ act: 'add-part', aggregate: agg.code }]);
  }
  const partCodes = new Set(parts.map((p) => p.code));
  for (const c of Object.keys(weights)) {
    const e = findExam(db, c);
    if (!e) issues.push({ value: c, message: 'no test with this code' });
    else if (!partCodes.has(c)) issues.push({ value: c, message: `test ${c} is not a part of ${agg.code}` });
    else if (e.scale !== 'points') issues.push({ value: c, message: `part test ${c} uses the ${e.scale} scale; aggregation needs points` });
  }
  for (const p of parts) {
    if (!(p.code in weights)) issues.push({ value: p.code, message: `part test ${p.code} has no weight (give it ${p.code}=0 to leave it out)` });
  }
  const sum = Object.values(weights).reduce((a, b) => a + b, 0);
  if (Object.keys(weights).length > 0 && Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
    issues.push({ value: input.weights, message: `weights sum to ${round(sum)}, not 1` });
  }
  if (issues.length > 0) throw new ValidationError(say`invalid ${given('weights')} for ${agg.code}`, issues);
  if (agg.scale === 'passfail') {
    throw new ConflictError(`test ${agg.code} uses the passfail scale: no rule maps points to Pass/NotPass; use a points or letter aggregate`);
  }
  if (!agg.registration) {
    throw new ConflictError(`test ${agg.code} is not a grade registration test: aggregated grades are registered only on one`);
  }
  const compute = () => computeRows(db, agg, parts, weights);
  const publish = (plan: ReturnType<typeof compute>, batch: number | null): AggregateResult => ({
    test: plan.test,
    batch,
    dryRun: batch === null && Boolean(input.dryRun),
    weights: plan.weights,
    counts: plan.counts,
    rows: plan.rows,
  });
  if (input.dryRun) return publish(compute(), null);
  const at = now.toISOString();
  return writeTx(db, () => {
    const plan = compute();
    const writes = plan.rows.filter((r) => r.change === 'new' || r.change === 'changed');
    if (writes.length === 0) return publish(plan, null);
    const counts = { new: plan.counts.new, changed: plan.counts.changed, unchanged: plan.counts.unchanged, empty: plan.counts.missing, errors: 0 };
    const batch = insertBatch(db, { examId: agg.id, kind: 'aggregate', fileName: `weights ${formatWeights(weights)}`, sha256: null, actorId: actor.id, at, counts });
    for (const r of writes) {
      const id = plan.ids.get(r.candidate)!;
      const state: GradeState = { grade: r.grade, points: r.points, derived: true };
      // The old state carries its source and batch, as grades undo restores them exactly.
      const before = plan.oldStates.get(r.candidate);
      insertBatchChange(db, batch, { candidateId: id, graderId: null, old: before ?? null, oldSource: before?.source, oldBatch: before?.batchId, new: state });
      writeState(db, id, { kind: 'shared' }, state, { source: 'aggregate', batchId: batch, actorId: actor.id, at });
    }
    recordEvent(db, {
      actorId: actor.id,
      kind: 'grades.aggregate',
      at,
      examId: agg.id,
      subject: `batch ${batch}`,
      new: { batch, weights, counts },
    });
    return publish(plan, batch);
  });
}

export function formatWeights(w: Record<string, number>): string {
  return Object.entries(w)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function computeRows(db: Db, agg: Exam, parts: Exam[], weights: Record<string, number>) {
  const partData = parts.filter((p) => weights[p.code]! > 0).map((p) => {
    const cands = listCandidates(db, p.id);
    const grades = readGradesOfExam(db, p.id);
    const byStudent = new Map<number, Candidate>();
    const byNumber = new Map<string, Candidate>();
    for (const c of cands) {
      if (c.studentId !== null) byStudent.set(c.studentId, c);
      byNumber.set(c.number, c);
    }
    return { exam: p, byStudent, byNumber, grades };
  });
  const current = readGradesOfExam(db, agg.id);
  const rows: AggregateRow[] = [];
  const ids = new Map<string, number>();
  const oldStates = new Map<string, (GradeState & { source: string; batchId: number | null }) | null>();
  const locked: string[] = [];
  const counts = { new: 0, changed: 0, unchanged: 0, missing: 0, noGradeAllowed: 0 };
  for (const cand of listCandidates(db, agg.id)) {
    ids.set(cand.number, cand.id);
    const old = current.get(cand.id);
    const oldState = old ? { grade: old.grade, points: old.points, derived: old.derived } : null;
    oldStates.set(cand.number, old ? { ...oldState!, source: old.source, batchId: old.batchId } : null);
    const row: AggregateRow = {
      candidate: cand.number,
      student: cand.student,
      parts: {},
      points: null,
      grade: null,
      old: old ? { grade: old.grade, points: old.points } : null,
      change: 'missing',
      missing: [],
    };
    rows.push(row);
    let total = 0;
    for (const p of partData) {
      // The same person across tests: by student user where known, else by candidate number.
      const pc = cand.studentId !== null ? p.byStudent.get(cand.studentId) : p.byNumber.get(cand.number);
      const pts = pc ? p.grades.get(pc.id)?.points ?? null : null;
      row.parts[p.exam.code] = pts;
      if (!pc) row.missing.push(`${p.exam.code}: not a candidate`);
      else if (pts === null) row.missing.push(`${p.exam.code}: no points`);
      else total += weights[p.exam.code]! * pts;
    }
    const why = whyNoGrade(agg, cand.status);
    if (why) {
      row.change = 'no grade allowed';
      row.missing = [why];
      counts.noGradeAllowed++;
      continue;
    }
    if (row.missing.length > 0) {
      counts.missing++;
      continue;
    }
    row.points = round(total);
    row.grade = letterFromPoints(row.points, agg.thresholds);
    const next: GradeState = { grade: row.grade, points: row.points, derived: true };
    if (oldState === null) row.change = 'new';
    // The same grade and points is no change, whoever derived the letter: nothing to write, nothing locked.
    else if (oldState.grade === next.grade && oldState.points === next.points) row.change = 'unchanged';
    else {
      row.change = 'changed';
      if (old!.confirmed) locked.push(`candidate ${cand.number}: confirmed ${old!.grade ?? old!.points}, would become ${row.grade} (${row.points})`);
    }
    counts[row.change === 'new' ? 'new' : row.change === 'changed' ? 'changed' : 'unchanged']++;
  }
  if (locked.length > 0) {
    throw new ConflictError(`nothing registered on ${agg.code}: ${locked.length} confirmed grade(s) would change; reopen them first`, locked);
  }
  return { test: agg.code, weights, counts, rows, ids, oldStates };
}
