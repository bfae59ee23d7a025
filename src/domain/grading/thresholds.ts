import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, UsageError, ValidationError } from '../../errors.js';
import { given, say } from '../words.js';
import { requireExamRole } from '../access/access.js';
import { recordEvent } from '../log/events.js';
import { findExamById, type Exam } from '../exams/exams.js';
import { describeThresholds } from './grades.js';
import { writeState } from './grade-store.js';
import { letterInForce, type Thresholds } from './scales.js';
import { derivedLettersOfExam } from './store.js';
import { saveThresholds } from '../exams/store.js';
import type { User } from '../people/users.js';

const KEYS = ['A', 'B', 'C', 'D', 'E'] as const;

/**
 * Parses `A=89,B=77,C=65,D=53,E=41` (any subset: the rest keep their current values; `88,5` is
 * not possible inside a comma list, so decimals are written with a point).
 */
export function parseThresholdSpec(spec: string, current: Thresholds): Thresholds {
  const next: Thresholds = { ...current };
  const parts = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new UsageError(say`${given('thresholds')} needs letter=points pairs, such as A=89,B=77,C=65,D=53,E=41`);
  const seen = new Set<string>();
  for (const part of parts) {
    const m = /^([A-Ea-e])\s*=\s*(\d{1,3}(?:\.\d+)?)$/.exec(part);
    if (!m) throw new UsageError(`"${part}" is not letter=points (such as A=89; letters A to E, points 0 to 100)`).withInput('thresholds');
    const key = m[1]!.toUpperCase() as (typeof KEYS)[number];
    if (seen.has(key)) throw new UsageError(`${key} is given twice`).withInput('thresholds');
    seen.add(key);
    next[key] = Number(m[2]);
  }
  return next;
}

/** Lower bounds strictly descending from A to E, all within 0 to 100. */
export function validateThresholds(t: Thresholds): void {
  const problems: string[] = [];
  for (const k of KEYS) if (!(t[k] >= 0 && t[k] <= 100)) problems.push(`${k}=${t[k]} is outside 0 to 100`);
  for (let i = 1; i < KEYS.length; i++) {
    const hi = KEYS[i - 1]!;
    const lo = KEYS[i]!;
    if (!(t[hi] > t[lo])) problems.push(`${hi}=${t[hi]} must be above ${lo}=${t[lo]}`);
  }
  if (problems.length) {
    throw new ValidationError(
      'thresholds must be strictly descending from A to E, within 0 to 100',
      problems.map((message) => ({ message })),
    );
  }
}

export interface Regrade {
  candidate: string;
  /** The grader whose private mark this is; null for the grade of record. */
  grader: string | null;
  points: number;
  old: string | null;
  new: string;
}

export interface ThresholdsResult {
  test: string;
  scale: Exam['scale'];
  old: Thresholds;
  thresholds: Thresholds;
  /** Derived letters recomputed. */
  regraded: Regrade[];
  /** Confirmed grades whose letter would change: left as they are. */
  keptConfirmed: Regrade[];
}

export function showThresholds(db: Db, actor: User, exam: Exam): ThresholdsResult {
  requireExamRole(db, actor, exam, ['planner'], `see the thresholds of ${exam.code}`);
  return { test: exam.code, scale: exam.scale, old: exam.thresholds, thresholds: exam.thresholds, regraded: [], keptConfirmed: [] };
}

/**
 * Sets a points test's thresholds and recomputes every letter derived from points that is not
 * confirmed, in grades of record and in private marks alike, logging each. Confirmed grades (and
 * the marks of candidates whose grade is confirmed) keep their letter and are listed.
 */
export function setThresholds(db: Db, actor: User, exam: Exam, next: Thresholds, now: Date): ThresholdsResult {
  requireExamRole(db, actor, exam, ['planner'], `set the thresholds of ${exam.code}`);
  if (exam.scale !== 'points') {
    throw new UsageError(`test ${exam.code} uses the ${exam.scale} scale: thresholds apply to points tests only`);
  }
  validateThresholds(next);
  return writeTx(db, () => {
    const at = now.toISOString();
    // `next` was merged with the thresholds the caller read: if another process set them since, a
    // write now would silently put back the bounds it changed (and regrade by them).
    const old = (findExamById(db, exam.id) ?? exam).thresholds;
    if (KEYS.some((k) => old[k] !== exam.thresholds[k])) {
      throw new ConflictError(
        `the thresholds of ${exam.code} changed since they were read (now ${describeThresholds(old)}); nothing changed: run the command again`,
      );
    }
    saveThresholds(db, exam.id, next);
    recordEvent(db, { actorId: actor.id, kind: 'tests.thresholds', at, examId: exam.id, subject: exam.code, old, new: next });
    const rows = derivedLettersOfExam(db, exam.id);
    const regraded: Regrade[] = [];
    const keptConfirmed: Regrade[] = [];
    for (const r of rows) {
      const letter = letterInForce({ grade: r.grade, points: r.points, derived: true }, next);
      if (letter === null || letter === r.grade) continue;
      const item: Regrade = { candidate: r.number, grader: r.grader, points: r.points, old: r.grade, new: letter };
      if (r.confirmed) {
        keptConfirmed.push(item);
        continue;
      }
      writeState(
        db,
        r.candidateId,
        r.graderId === null ? { kind: 'shared' } : { kind: 'mark', graderId: r.graderId },
        { grade: letter, points: r.points, derived: true },
        { source: r.source, batchId: r.batchId, actorId: actor.id, at },
      );
      recordEvent(db, {
        actorId: actor.id,
        kind: 'tests.thresholds.regrade',
        at,
        examId: exam.id,
        subjectUserId: r.studentId,
        subject: r.number,
        old: { grade: r.grade, points: r.points, ...(r.grader ? { mark: r.grader } : {}) },
        new: { grade: letter, points: r.points, ...(r.grader ? { mark: r.grader } : {}) },
      });
      regraded.push(item);
    }
    return { test: exam.code, scale: exam.scale, old, thresholds: next, regraded, keptConfirmed };
  });
}
