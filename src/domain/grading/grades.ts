import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotFoundError, UsageError, ValidationError } from '../../errors.js';
import { given, say } from '../words.js';
import { requireExamRole } from '../access/access.js';
import { requireCandidate, whyNoGrade, type Candidate } from '../candidates/candidates.js';
import { recordEvent } from '../log/events.js';
import { findExamById, type Exam } from '../exams/exams.js';
import { readGrade, readState, sameState, writeState, type GradeState, type Target } from './grade-store.js';
import { writeTarget } from './grading-rights.js';
import { findGroupOnExam, groupMemberNumbers } from '../candidates/store-groups.js';
import { letterFromPoints, parseGrade, parsePoints, type Thresholds } from './scales.js';
import type { User } from '../people/users.js';

/**
 * Setting and clearing one grade at a time, and the one rule for what a
 * value given for a grade becomes on a test, shared with the import so both agree to the letter.
 */

/** A value as it arrives from a command line or a spreadsheet cell. */
export type RawValue = string | number | boolean | null | undefined;

export type Resolved =
  | { kind: 'empty' }
  | { kind: 'value'; state: GradeState }
  | { kind: 'error'; column: 'grade' | 'points'; message: string };

export function isEmptyValue(v: RawValue): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** "A ≥ 89, B ≥ 77, C ≥ 65, D ≥ 53, E ≥ 41, else F" */
export function describeThresholds(t: Thresholds): string {
  return `A ≥ ${t.A}, B ≥ ${t.B}, C ≥ ${t.C}, D ≥ ${t.D}, E ≥ ${t.E}, else F`;
}

/** Why a part test takes no grade, pointing to its aggregate. */
export function ungradedPartMessage(db: Db, exam: Exam): string {
  const agg = exam.partOf === null ? undefined : findExamById(db, exam.partOf);
  return `test ${exam.code} is a part that takes no grade of its own: register the grade on its aggregate test ${agg ? agg.code : '(none set)'}`;
}

export interface ResolveOptions {
  /** An empty points value keeps the points already recorded (an import's empty cell, rule 4). */
  keepPoints: boolean;
  /** Message for an ungraded part test (computed by the caller once). */
  ungradedMessage: string;
}

/**
 * What a grade value and a points value become on this test, given what is recorded now.
 *  - letter / passfail: the grade exactly as the scale writes it (rule 1); points, if given, are
 *    recorded beside it and never change the grade.
 *  - points: the points decide, the letter follows from the thresholds (derived); a grade given as
 *    well must agree with them. A letter alone is accepted only when it is what is recorded already.
 *  - an ungraded part takes no grade; on a points scale it records points alone (grade NULL), which
 *    feed its aggregate.
 */
export function resolveValue(exam: Exam, current: GradeState | null, grade: RawValue, points: RawValue, o: ResolveOptions): Resolved {
  const g = isEmptyValue(grade) ? null : grade!;
  const p = isEmptyValue(points) ? null : points!;
  if (g === null && p === null) return { kind: 'empty' };
  if (typeof p === 'boolean') return { kind: 'error', column: 'points', message: 'expected points from 0 to 100, not TRUE/FALSE' };

  if (exam.ungradedPart) {
    if (exam.scale !== 'points' || g !== null) return { kind: 'error', column: g !== null ? 'grade' : 'points', message: o.ungradedMessage };
    const pv = parsePoints(p!);
    if (!pv.ok) return { kind: 'error', column: 'points', message: `expected ${pv.expected}` };
    return { kind: 'value', state: { grade: null, points: pv.value, derived: false } };
  }

  if (exam.scale === 'points') {
    if (p === null) {
      if (current && g === current.grade) return { kind: 'value', state: current };
      return {
        kind: 'error',
        column: 'grade',
        message: 'expected points (0 to 100) in the points column: on a points test the letter follows from the thresholds',
      };
    }
    const pv = parsePoints(p);
    if (!pv.ok) return { kind: 'error', column: 'points', message: `expected ${pv.expected}` };
    const letter = letterFromPoints(pv.value, exam.thresholds);
    if (g !== null && g !== letter) {
      // A confirmed grade exported before the thresholds changed comes back as it stands: unchanged.
      if (current && g === current.grade && pv.value === current.points) return { kind: 'value', state: current };
      return {
        kind: 'error',
        column: 'grade',
        message: `expected ${letter} or an empty cell: ${pv.value} points is ${letter} with this test's thresholds (${describeThresholds(exam.thresholds)})`,
      };
    }
    return { kind: 'value', state: { grade: letter, points: pv.value, derived: true } };
  }

  let pointsValue: number | null = null;
  if (p !== null) {
    const pv = parsePoints(p);
    if (!pv.ok) return { kind: 'error', column: 'points', message: `expected ${pv.expected}` };
    pointsValue = pv.value;
  }
  if (g === null) {
    if (!current || current.grade === null) {
      return {
        kind: 'error',
        column: 'points',
        message: `points alone give no grade on a ${exam.scale === 'letter' ? 'letter' : 'pass/fail'} test: fill the grade column too`,
      };
    }
    return { kind: 'value', state: { grade: current.grade, points: pointsValue, derived: false } };
  }
  const gv = parseGrade(exam.scale, typeof g === 'boolean' ? String(g).toUpperCase() : g, exam.thresholds);
  if (!gv.ok) return { kind: 'error', column: 'grade', message: `expected ${gv.expected}` };
  const keep = o.keepPoints && pointsValue === null ? (current?.points ?? null) : pointsValue;
  return { kind: 'value', state: { grade: gv.value.grade, points: keep, derived: false } };
}

/** How a grade or mark appears in events and batch_changes. */
export function stateDoc(s: GradeState | null): { grade: string | null; points: number | null } | null {
  return s ? { grade: s.grade, points: s.points } : null;
}

/** "B (88.5 points)", "A", "none" */
export function showState(s: GradeState | null): string {
  if (!s) return 'none';
  if (s.points === null) return s.grade ?? 'none';
  return s.grade === null ? `${s.points} points` : `${s.grade} (${s.points} points)`;
}

export interface SetGradeOptions {
  /** Points recorded beside a letter or pass/fail grade (not on a points test: there the value is the points). */
  points?: string | number | null;
  /** Write the grade of record (resolves a conflict in private marking). */
  final?: boolean;
  now: Date;
  /** grades.source: direct (default), final, group, agreed, aggregate... */
  source?: string;
}

export interface SetGradeResult {
  candidate: string;
  target: Target;
  old: GradeState | null;
  new: GradeState;
  changed: boolean;
}

interface Prepared {
  candidate: Candidate;
  target: Target;
  old: GradeState | null;
  /** grades.source of the grade of record written over (shared target only). */
  oldSource: string | null;
  state: GradeState;
}

function lockedMessage(exam: Exam, number: string, state: GradeState | null): string {
  return `the grade of candidate ${number} on ${exam.code} is confirmed (${showState(state)}) and locked: a planner must reopen it first (grades reopen)`;
}

/** Checks one set and works out the new state, writing nothing. */
function prepareSet(
  db: Db,
  actor: User,
  exam: Exam,
  candidate: Candidate,
  raw: RawValue,
  opts: SetGradeOptions,
  onNoGrade: (why: string) => never | null,
): Prepared | null {
  const target = writeTarget(db, actor, exam, candidate, { final: opts.final });
  const why = whyNoGrade(exam, candidate.status);
  if (why && onNoGrade(why) === null) return null;
  const record = readGrade(db, candidate.id);
  if (record?.confirmed) throw new ConflictError(lockedMessage(exam, candidate.number, record));
  const old = readState(db, candidate.id, target);
  if (isEmptyValue(raw)) throw new UsageError(`no grade given for candidate ${candidate.number}: to remove a grade use "grades clear"`);
  let grade: RawValue = raw;
  let points: RawValue = opts.points ?? null;
  if (exam.scale === 'points' && !exam.ungradedPart) {
    if (opts.points !== undefined && opts.points !== null) {
      throw new UsageError(say`on points test ${exam.code} the grade given is the points (0 to 100): drop ${given('points')}`);
    }
    grade = null;
    points = raw;
  } else if (exam.scale === 'points' && exam.ungradedPart) {
    grade = null;
    points = raw;
  }
  const r = resolveValue(exam, null, grade, points, { keepPoints: false, ungradedMessage: ungradedPartMessage(db, exam) });
  if (r.kind === 'error') {
    throw new ValidationError(`candidate ${candidate.number} on ${exam.code}: ${JSON.stringify(String(raw))} is not valid`, [
      { value: String(r.column === 'points' && points !== null ? points : raw), message: r.message },
    ]);
  }
  if (r.kind === 'empty') throw new UsageError('no grade given');
  return { candidate, target, old, oldSource: target.kind === 'shared' ? (record?.source ?? null) : null, state: r.state };
}

function writeOne(db: Db, actor: User, exam: Exam, p: Prepared, source: string, at: string, kindNote?: object): SetGradeResult {
  // The same value over an alignment's 'agreed' grade still changes it: written by hand (--final, a
  // planner) it settles the candidate, so a later share that breaks the agreement cannot remove it.
  const settles = p.oldSource === 'agreed' && source !== 'agreed';
  const changed = !sameState(p.old, p.state) || settles;
  if (changed) {
    writeState(db, p.candidate.id, p.target, p.state, { source, actorId: actor.id, at });
    recordEvent(db, {
      actorId: actor.id,
      kind: 'grades.set',
      at,
      examId: exam.id,
      subjectUserId: p.candidate.studentId,
      subject: p.candidate.number,
      old: stateDoc(p.old),
      new: { ...stateDoc(p.state), ...(p.target.kind === 'mark' ? { mark: actor.username } : {}), source, ...kindNote },
    });
  }
  return { candidate: p.candidate.number, target: p.target, old: p.old, new: p.state, changed };
}

/**
 * Sets one candidate's grade (or, for a grader in private marking, its own mark): the function the
 * workflow reuses. Refuses: unknown candidate (4), no right (3), a confirmed grade (5), a candidate
 * whose status takes no grade (5: the state must change first), a value off the scale (2).
 */
export function setGrade(db: Db, actor: User, exam: Exam, candidateNumber: string, raw: RawValue, opts: SetGradeOptions): SetGradeResult {
  requireExamRole(db, actor, exam, ['planner', 'grader'], `grade on test ${exam.code}`);
  return writeTx(db, () => {
    exam = findExamById(db, exam.id) ?? exam;
    const candidate = requireCandidate(db, exam, candidateNumber);
    const p = prepareSet(db, actor, exam, candidate, raw, opts, (why) => {
      throw new ConflictError(`candidate ${candidateNumber} on ${exam.code} may not get a grade: ${why}`);
    })!;
    return writeOne(db, actor, exam, p, opts.source ?? (opts.final ? 'final' : 'direct'), opts.now.toISOString());
  });
}

export interface GroupSetResult {
  group: string;
  results: SetGradeResult[];
  /** Members whose status takes no grade: left without one. */
  skipped: { candidate: string; why: string }[];
}

/**
 * One grade for every member of a group (one submission counts for the whole group). Each
 * member's grade is its own afterwards and can be changed alone. All or nothing: a confirmed member
 * refuses the whole set (5); a member whose status takes no grade is left out and reported.
 */
export function setGroupGrade(db: Db, actor: User, exam: Exam, groupName: string, raw: RawValue, opts: SetGradeOptions): GroupSetResult {
  requireExamRole(db, actor, exam, ['planner', 'grader'], `grade on test ${exam.code}`);
  return writeTx(db, () => {
    exam = findExamById(db, exam.id) ?? exam;
    const group = findGroupOnExam(db, exam.id, groupName);
    if (!group) throw new NotFoundError(`no group "${groupName}" on test ${exam.code}`);
    const members = groupMemberNumbers(db, exam.id, group.id).map((n) => requireCandidate(db, exam, n));
    if (members.length === 0) throw new ConflictError(`group ${groupName} on ${exam.code} has no members`);
    const skipped: GroupSetResult['skipped'] = [];
    const locked: string[] = [];
    const prepared: Prepared[] = [];
    for (const m of members) {
      try {
        const p = prepareSet(db, actor, exam, m, raw, opts, (why) => {
          skipped.push({ candidate: m.number, why });
          return null;
        });
        if (p) prepared.push(p);
      } catch (err) {
        if (err instanceof ConflictError) locked.push(err.message);
        else throw err;
      }
    }
    if (locked.length) throw new ConflictError(`group ${groupName}: ${locked.length} member(s) have confirmed grades; nothing set`, locked);
    if (prepared.length === 0) {
      throw new ConflictError(`group ${groupName}: no member may get a grade; nothing set`, skipped.map((s) => `${s.candidate}: ${s.why}`));
    }
    const at = opts.now.toISOString();
    const results = prepared.map((p) => writeOne(db, actor, exam, p, opts.source ?? 'group', at, { group: group.name }));
    return { group: group.name, results, skipped };
  });
}

export interface ClearPlan {
  clear: { candidate: Candidate; target: Target; old: GradeState }[];
  /** Named candidates with nothing to clear. */
  none: string[];
}

/** Works out what `grades clear` would remove, refusing as a whole before anything is asked. */
export function planClear(db: Db, actor: User, exam: Exam, numbers: string[]): ClearPlan {
  requireExamRole(db, actor, exam, ['planner', 'grader'], `clear grades on test ${exam.code}`);
  const plan: ClearPlan = { clear: [], none: [] };
  const locked: string[] = [];
  const seen = new Set<string>();
  for (const n of numbers) {
    if (seen.has(n)) continue;
    seen.add(n);
    const candidate = requireCandidate(db, exam, n);
    const target = writeTarget(db, actor, exam, candidate);
    const record = readGrade(db, candidate.id);
    if (record?.confirmed) {
      locked.push(lockedMessage(exam, n, record));
      continue;
    }
    const old = readState(db, candidate.id, target);
    if (old) plan.clear.push({ candidate, target, old });
    else plan.none.push(n);
  }
  if (locked.length) throw new ConflictError(`${locked.length} of the grades named are confirmed; nothing cleared`, locked);
  return plan;
}

/** `grades clear`: the only way to remove a grade (rule 4). Each removal logged with what it held. */
export function clearGrades(db: Db, actor: User, exam: Exam, numbers: string[], now: Date): ClearPlan {
  return writeTx(db, () => {
    const plan = planClear(db, actor, exam, numbers);
    const at = now.toISOString();
    for (const c of plan.clear) {
      writeState(db, c.candidate.id, c.target, null, { source: 'clear', actorId: actor.id, at });
      recordEvent(db, {
        actorId: actor.id,
        kind: 'grades.clear',
        at,
        examId: exam.id,
        subjectUserId: c.candidate.studentId,
        subject: c.candidate.number,
        old: { ...stateDoc(c.old), ...(c.target.kind === 'mark' ? { mark: actor.username } : {}) },
        new: null,
      });
    }
    return plan;
  });
}
