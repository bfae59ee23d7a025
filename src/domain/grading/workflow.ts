import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotFoundError, NotPermittedError, UsageError } from '../../errors.js';
import { given, say } from '../words.js';
import { actsAs, graderCommittees, requireExamRole } from '../access/access.js';
import { listCandidates, requireCandidate, whyNoGrade, type Candidate } from '../candidates/candidates.js';
import { recordEvent } from '../log/events.js';
import { requireExam, type Exam } from '../exams/exams.js';
import { letterFromPoints } from './scales.js';
import {
  readGradesOfExam,
  readMarksOfExam,
  sameState,
  writeState,
  type GradeRecord,
  type GradeState,
  type MarkRecord,
} from './grade-store.js';
import type { User } from '../people/users.js';

/**
 * The grading workflow: private marking and results alignment, conflicts, confirmation
 * and reopening. Everything a command shows about the workflow is computed here from the data
 * (marks, shares, grades of record, confirmations), so list, confirm and report always agree.
 *
 * Sharing seals marks: a grader's share stamps committee_graders.shared_at and rewrites each of its
 * marks in the committee with source 'shared' (same value, batch and time). Any later write of that
 * mark (set, import, undo) goes through writeState with the writer's own source, which unseals it:
 * the changed mark is private again until the grader shares again, and the candidate is not aligned
 * meanwhile. This needs no cooperation from the code that writes marks, and no clock comparison.
 */
export const SEALED = 'shared';

export interface CommitteeInfo {
  id: number;
  name: string;
  graders: { id: number; username: string; sharedAt: string | null }[];
}

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

export function committeesOf(db: Db, examId: number): Map<number, CommitteeInfo> {
  const rows = db
    .prepare(
      `SELECT c.id, c.name, u.id AS userId, u.username, g.shared_at AS sharedAt
       FROM committees c LEFT JOIN committee_graders g ON g.committee_id = c.id LEFT JOIN users u ON u.id = g.user_id
       WHERE c.exam_id = ? ORDER BY c.name, u.username`,
    )
    .all(examId) as { id: number; name: string; userId: number | null; username: string | null; sharedAt: string | null }[];
  const map = new Map<number, CommitteeInfo>();
  for (const r of rows) {
    let c = map.get(r.id);
    if (!c) map.set(r.id, (c = { id: r.id, name: r.name, graders: [] }));
    if (r.userId !== null) c.graders.push({ id: r.userId, username: r.username!, sharedAt: r.sharedAt });
  }
  return map;
}

export function requireCommittee(db: Db, exam: Exam, name: string): CommitteeInfo {
  for (const c of committeesOf(db, exam.id).values()) if (c.name === name) return c;
  throw new NotFoundError(`no committee "${name}" on test ${exam.code}`);
}

const stateOf = (r: GradeState): GradeState => ({ grade: r.grade, points: r.points, derived: r.derived });
const sameValue = (a: GradeState, b: GradeState) => a.grade === b.grade && a.points === b.points;

/** The workflow state of every candidate on the test, in candidate-number order. */
export function progressOf(db: Db, exam: Exam): CandidateProgress[] {
  const committees = committeesOf(db, exam.id);
  const grades = readGradesOfExam(db, exam.id);
  const marksBy = new Map<number, MarkRecord[]>();
  for (const m of readMarksOfExam(db, exam.id)) {
    const list = marksBy.get(m.candidateId) ?? [];
    list.push(m);
    marksBy.set(m.candidateId, list);
  }
  return listCandidates(db, exam.id).map((cand) => {
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
  });
}

/** Whether the candidate (by number) is in conflict now: for `grades set --final` and friends. */
export function conflictOf(db: Db, exam: Exam, number: string): boolean {
  return progressOf(db, exam).some((p) => p.candidate.number === number && p.conflict);
}

// ---------------------------------------------------------------------------------------------
// Sharing
// ---------------------------------------------------------------------------------------------

export interface ShareOutcome {
  committee: string;
  /** Graders whose share is still missing: alignment waits for them. */
  waitingFor: string[];
  /** Candidates that took the agreed grade as grade of record in this share. */
  agreed: string[];
  conflicts: string[];
}

export interface ShareResult {
  test: string;
  committees: ShareOutcome[];
}

/**
 * Seals the grader's marks in one committee and, once every grader has shared, aligns: candidates
 * the graders agree on take that grade as grade of record (source 'agreed'); an earlier agreement
 * that no longer holds is removed, which turns the candidate into a conflict. A settled grade
 * (final, planner's, confirmed) is never touched. Runs inside the caller's transaction.
 */
function shareCommittee(db: Db, actor: User, exam: Exam, committee: CommitteeInfo, at: string): ShareOutcome {
  db.prepare('UPDATE committee_graders SET shared_at = ? WHERE committee_id = ? AND user_id = ?').run(
    at,
    committee.id,
    actor.id,
  );
  const mine = db
    .prepare(
      `SELECT m.candidate_id AS candidateId, m.grade, m.points, m.derived, m.source, m.batch_id AS batchId, m.updated_at AS updatedAt
       FROM marks m JOIN candidates c ON c.id = m.candidate_id WHERE c.committee_id = ? AND m.grader_id = ?`,
    )
    .all(committee.id, actor.id) as {
    candidateId: number;
    grade: string | null;
    points: number | null;
    derived: number;
    source: string;
    batchId: number | null;
    updatedAt: string;
  }[];
  for (const m of mine) {
    if (m.source === SEALED) continue;
    writeState(
      db,
      m.candidateId,
      { kind: 'mark', graderId: actor.id },
      { grade: m.grade, points: m.points, derived: m.derived === 1 },
      { source: SEALED, batchId: m.batchId, actorId: actor.id, at: m.updatedAt },
    );
  }
  const outcome: ShareOutcome = { committee: committee.name, waitingFor: [], agreed: [], conflicts: [] };
  const fresh = committeesOf(db, exam.id).get(committee.id)!;
  outcome.waitingFor = fresh.graders.filter((g) => g.sharedAt === null).map((g) => g.username);
  for (const p of progressOf(db, exam)) {
    if (p.committee?.id !== committee.id || !p.eligible || !p.aligned || p.grade?.confirmed) continue;
    const ofRecord = p.grade?.source === 'agreed' || p.grade === null;
    // Each grade of record alignment writes or removes is logged with its old and new value.
    const logAlign = (next: GradeState | null) =>
      recordEvent(db, {
        actorId: actor.id,
        kind: 'grades.align',
        at,
        examId: exam.id,
        subjectUserId: p.candidate.studentId,
        subject: p.candidate.number,
        old: p.grade ? { grade: p.grade.grade, points: p.grade.points, source: p.grade.source } : null,
        new: next ? { grade: next.grade, points: next.points, source: 'agreed', committee: committee.name } : null,
      });
    if (p.agreed && ofRecord) {
      if (!p.grade || !sameState(stateOf(p.grade), p.agreed)) {
        writeState(db, p.candidate.id, { kind: 'shared' }, p.agreed, { source: 'agreed', actorId: actor.id, at });
        logAlign(p.agreed);
      }
      outcome.agreed.push(p.candidate.number);
    } else if (!p.agreed && p.grade?.source === 'agreed') {
      writeState(db, p.candidate.id, { kind: 'shared' }, null, { source: 'agreed', actorId: actor.id, at });
      logAlign(null);
      if (p.marks.length > 0) outcome.conflicts.push(p.candidate.number);
    } else if (p.conflict) {
      outcome.conflicts.push(p.candidate.number);
    }
  }
  recordEvent(db, {
    actorId: actor.id,
    kind: 'grades.share',
    at,
    examId: exam.id,
    subjectUserId: actor.id,
    subject: committee.name,
    new: { marks: mine.length, ...outcome },
  });
  return outcome;
}

/** `grades share`: the acting grader shares its private marks for its committees (or one). */
export function shareMarks(db: Db, actor: User, code: string, opts: { committee?: string }, now: Date): ShareResult {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['grader'], `share marks on test ${exam.code}`);
  if (exam.marking !== 'private') {
    throw new ConflictError(`test ${exam.code} uses shared marking: every grade is already visible to the committee, nothing to share`);
  }
  const committees = myCommittees(db, actor, exam, opts.committee);
  const at = now.toISOString();
  return writeTx(db, () => ({
    test: exam.code,
    committees: committees.map((c) => shareCommittee(db, actor, exam, c, at)),
  }));
}

/** The committees the grader acts in on the test, or the one named (it must be among them). */
function myCommittees(db: Db, actor: User, exam: Exam, name?: string): CommitteeInfo[] {
  const all = committeesOf(db, exam.id);
  const mine = graderCommittees(db, actor.id, exam.id).map((c) => all.get(c.id)!);
  if (name !== undefined) {
    const c = requireCommittee(db, exam, name);
    if (!mine.some((m) => m.id === c.id)) {
      throw new NotPermittedError(`${actor.username} is not a grader in committee ${name} on test ${exam.code}`);
    }
    return [c];
  }
  if (mine.length === 0) throw new NotPermittedError(`${actor.username} is a grader in no committee on test ${exam.code}`);
  return mine;
}

// ---------------------------------------------------------------------------------------------
// Confirmation
// ---------------------------------------------------------------------------------------------

export interface ConfirmOptions {
  committee?: string;
  candidate?: string;
}

export interface ConfirmResult {
  test: string;
  /** Candidates whose grades are now confirmed (locked). */
  confirmed: string[];
  /** Candidates the actor confirmed that still wait for other graders (confirm-by all). */
  pending: { candidate: string; waitingFor: string[] }[];
  /** Per-candidate confirmation without --candidate: candidates not ready, with why. */
  skipped: { candidate: string; reason: string }[];
}

/** Why a candidate cannot be confirmed now, or null when it can. */
export function blockerOf(p: CandidateProgress): string | null {
  if (p.conflict) return 'in conflict: the graders disagree; resolve it by setting the final grade (grades set)';
  if (!p.aligned) return `waiting for ${p.waitingFor.join(', ')} to share`;
  if (p.staleAgreement) {
    const agreed = p.agreed ? `the marks agree on ${p.agreed.grade ?? p.agreed.points}` : 'the marks no longer agree';
    return `the grade of record (${p.grade!.grade ?? p.grade!.points}) is from an earlier alignment and ${agreed}: a grader must share again (grades share)`;
  }
  if (p.grade === null) return 'no grade';
  return null;
}

/**
 * `grades confirm`. Graders confirm their committees' candidates; a planner on the test may confirm
 * any of them, and is the only one for candidates in no committee. Collective
 * confirmation takes every candidate of the committee that may take a grade, and is refused while
 * any lacks a grade, waits for a share or is in conflict; per-candidate confirms one candidate (or,
 * without --candidate, every ready one). With confirm-by 'all' a grade is locked when the last
 * grader of its committee has confirmed it.
 */
export function confirmGrades(db: Db, actor: User, code: string, opts: ConfirmOptions, now: Date): ConfirmResult {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['grader', 'planner'], `confirm grades on test ${exam.code}`);
  if (exam.confirmMode === 'collective' && opts.candidate !== undefined) {
    throw new UsageError(
      say`test ${exam.code} is confirmed collectively: confirm the whole committee (leave out ${given('candidate')})`,
    );
  }
  const at = now.toISOString();
  return writeTx(db, () => {
    const units = confirmScope(db, actor, exam, opts);
    // A lone grader in private marking has no one to align with: confirming shares its marks.
    if (exam.marking === 'private') {
      for (const u of units) {
        const c = u.committee;
        if (c && c.graders.length === 1 && c.graders[0]!.id === actor.id) shareCommittee(db, actor, exam, c, at);
      }
    }
    const progress = progressOf(db, exam);
    const result: ConfirmResult = { test: exam.code, confirmed: [], pending: [], skipped: [] };
    const blockers: string[] = [];
    const targets: CandidateProgress[] = [];
    const collective = exam.confirmMode === 'collective';
    // Collective confirmation is per committee: when a run spans several committees (a planner's or
    // a grader's without --committee), a committee that is not ready is held back whole and named,
    // and the ready ones are confirmed.
    const heldBack: string[] = [];
    let alreadyMine = 0;
    for (const u of units) {
      const inUnit = progress.filter(
        (p) =>
          (u.committee ? p.candidate.committeeId === u.committee.id : p.candidate.committeeId === null) &&
          (opts.candidate === undefined || p.candidate.number === opts.candidate),
      );
      const unitBlockers: string[] = [];
      const unitTargets: CandidateProgress[] = [];
      for (const p of inUnit) {
        if (!p.eligible) {
          if (opts.candidate !== undefined) throw new ConflictError(`candidate ${p.candidate.number} takes no grade: ${whyNoGrade(exam, p.candidate.status)}`);
          continue;
        }
        if (p.grade?.confirmed) continue;
        const why = blockerOf(p);
        if (why) {
          unitBlockers.push(`candidate ${p.candidate.number}: ${why}`);
          result.skipped.push({ candidate: p.candidate.number, reason: why });
          continue;
        }
        if (hasConfirmed(db, p.candidate.id, actor.id)) {
          alreadyMine++;
          continue;
        }
        unitTargets.push(p);
      }
      if (collective && units.length > 1 && unitBlockers.length > 0) {
        const name = u.committee ? `committee ${u.committee.name}` : 'candidates in no committee';
        heldBack.push(...unitBlockers.map((b) => `${name}, ${b}`));
        for (const p of unitTargets) result.skipped.push({ candidate: p.candidate.number, reason: `${name} is not ready as a whole` });
        continue;
      }
      blockers.push(...unitBlockers);
      targets.push(...unitTargets);
    }
    // A conflict blocks every confirmation in its scope, also a per-candidate run over a committee.
    const conflicts = blockers.filter((b) => b.includes(': in conflict'));
    if (conflicts.length > 0 && !collective && opts.candidate === undefined) {
      throw new ConflictError(`nothing confirmed on test ${exam.code}: ${conflicts.length} candidate(s) in conflict in scope`, conflicts);
    }
    if (blockers.length > 0 && (collective || opts.candidate !== undefined)) {
      throw new ConflictError(
        `nothing confirmed on test ${exam.code}: ${blockers.length} candidate(s) not ready`,
        blockers,
      );
    }
    if (targets.length === 0) {
      const why =
        blockers.length > 0 || heldBack.length > 0
          ? `no candidate is ready`
          : alreadyMine > 0
            ? `${actor.username} has already confirmed; waiting for the other graders`
            : 'every grade in scope is already confirmed';
      throw new ConflictError(`nothing to confirm on test ${exam.code}: ${why}`, [...blockers, ...heldBack]);
    }
    const insert = db.prepare('INSERT INTO confirmations (candidate_id, user_id, at) VALUES (?, ?, ?)');
    const lock = db.prepare('UPDATE grades SET confirmed = 1, confirmed_at = ? WHERE candidate_id = ?');
    for (const p of targets) {
      insert.run(p.candidate.id, actor.id, at);
      const graders = p.committee?.graders ?? [];
      const actsAsGrader = graders.some((g) => g.id === actor.id);
      const waitingFor =
        actsAsGrader && exam.confirmBy === 'all'
          ? graders.filter((g) => g.id !== actor.id && !hasConfirmed(db, p.candidate.id, g.id)).map((g) => g.username)
          : [];
      const complete = waitingFor.length === 0;
      if (complete) {
        lock.run(at, p.candidate.id);
        result.confirmed.push(p.candidate.number);
      } else result.pending.push({ candidate: p.candidate.number, waitingFor });
      recordEvent(db, {
        actorId: actor.id,
        kind: 'grades.confirm',
        at,
        examId: exam.id,
        subjectUserId: p.candidate.studentId,
        subject: p.candidate.number,
        old: { confirmed: false },
        new: {
          grade: p.grade!.grade,
          points: p.grade!.points,
          committee: p.committee?.name ?? null,
          confirmed: complete,
          waitingFor,
        },
      });
    }
    return result;
  });
}

function hasConfirmed(db: Db, candidateId: number, userId: number): boolean {
  return !!db.prepare('SELECT 1 FROM confirmations WHERE candidate_id = ? AND user_id = ?').get(candidateId, userId);
}

interface ConfirmUnit {
  /** null: the candidates in no committee. */
  committee: CommitteeInfo | null;
}

/** What the actor may confirm within the scope asked for; refuses what it may not. */
function confirmScope(db: Db, actor: User, exam: Exam, opts: ConfirmOptions): ConfirmUnit[] {
  const all = committeesOf(db, exam.id);
  const isGrader = actsAs(db, actor, exam, 'grader');
  const isPlanner = actsAs(db, actor, exam, 'planner');
  // Graders confirm their committees' grades; a planner on the test may confirm any of them (the
  // office's authority, e.g. after an import or when a grader is away), its confirmation locks at
  // once, and the same readiness rules hold (no conflict, no missing grade, marks aligned).
  const mayConfirm = (c: CommitteeInfo | null): boolean => {
    if (isPlanner) return true;
    return c !== null && isGrader && c.graders.some((g) => g.id === actor.id);
  };
  const refuse = (c: CommitteeInfo | null): never => {
    if (c === null || c.graders.length === 0) {
      throw new NotPermittedError(
        `${actor.username} may not confirm ${c ? `committee ${c.name}` : 'candidates in no committee'} on test ${exam.code}: only a planner on the test confirms grades that no grader holds`,
      );
    }
    throw new NotPermittedError(
      `${actor.username} may not confirm committee ${c.name} on test ${exam.code}: its graders (${c.graders.map((g) => g.username).join(', ')}) or a planner on the test confirm its grades`,
    );
  };
  if (opts.candidate !== undefined) {
    const cand = requireCandidate(db, exam, opts.candidate);
    const c = cand.committeeId === null ? null : all.get(cand.committeeId)!;
    if (opts.committee !== undefined && c?.name !== opts.committee) {
      throw new UsageError(`candidate ${cand.number} is not in committee ${opts.committee}`);
    }
    if (!mayConfirm(c)) refuse(c);
    return [{ committee: c }];
  }
  if (opts.committee !== undefined) {
    const c = requireCommittee(db, exam, opts.committee);
    if (!mayConfirm(c)) refuse(c);
    return [{ committee: c }];
  }
  const units: ConfirmUnit[] = [...all.values()].filter((c) => mayConfirm(c)).map((c) => ({ committee: c }));
  const loose = (db.prepare('SELECT count(*) AS n FROM candidates WHERE exam_id = ? AND committee_id IS NULL').get(exam.id) as {
    n: number;
  }).n;
  if (isPlanner && loose > 0) units.push({ committee: null });
  if (units.length === 0) {
    throw new NotPermittedError(
      isPlanner
        ? `${actor.username} has nothing to confirm on test ${exam.code}: the test has no candidates`
        : `${actor.username} is a grader in no committee on test ${exam.code}`,
    );
  }
  return units;
}

// ---------------------------------------------------------------------------------------------
// Reopening
// ---------------------------------------------------------------------------------------------

export interface ReopenOptions {
  candidate?: string;
  committee?: string;
  reason?: string;
}

export interface ReopenTarget {
  candidateId: number;
  number: string;
  studentId: number | null;
  grade: string | null;
  points: number | null;
  confirmed: boolean;
  /** The letter was derived from points by the thresholds. */
  derived: boolean;
}

/** Confirmed grades (and grades with confirmations pending) in scope; planners only. */
export function reopenTargets(db: Db, actor: User, code: string, opts: ReopenOptions): { exam: Exam; targets: ReopenTarget[] } {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `reopen confirmed grades on test ${exam.code}`);
  let committeeId: number | undefined;
  if (opts.committee !== undefined) committeeId = requireCommittee(db, exam, opts.committee).id;
  if (opts.candidate !== undefined) requireCandidate(db, exam, opts.candidate);
  const rows = db
    .prepare(
      `SELECT c.id AS candidateId, c.number, c.student_id AS studentId, g.grade, g.points, g.confirmed, g.derived, c.committee_id AS committeeId
       FROM candidates c JOIN grades g ON g.candidate_id = c.id
       WHERE c.exam_id = ? AND (g.confirmed = 1 OR EXISTS (SELECT 1 FROM confirmations k WHERE k.candidate_id = c.id))
       ORDER BY c.number`,
    )
    .all(exam.id) as (Omit<ReopenTarget, 'confirmed' | 'derived'> & { confirmed: number; derived: number; committeeId: number | null })[];
  const targets = rows
    .filter((r) => (opts.candidate === undefined || r.number === opts.candidate) && (committeeId === undefined || r.committeeId === committeeId))
    .map((r) => ({
      candidateId: r.candidateId,
      number: r.number,
      studentId: r.studentId,
      grade: r.grade,
      points: r.points,
      confirmed: r.confirmed === 1,
      derived: r.derived === 1,
    }));
  if (targets.length === 0) {
    const scope = opts.candidate !== undefined ? `candidate ${opts.candidate}` : opts.committee !== undefined ? `committee ${opts.committee}` : 'the test';
    throw new ConflictError(`nothing to reopen on test ${exam.code}: ${scope} has no confirmed grade`);
  }
  return { exam, targets };
}

/**
 * `grades reopen`: unlocks confirmed grades and forgets every confirmation of them, so that the
 * grade can be changed and must be confirmed again. Logged per candidate with the reason.
 */
export function reopenGrades(db: Db, actor: User, code: string, opts: ReopenOptions, now: Date): { test: string; reopened: string[]; reason: string | null } {
  const at = now.toISOString();
  return writeTx(db, () => {
    const { exam, targets } = reopenTargets(db, actor, code, opts);
    const unlock = db.prepare('UPDATE grades SET confirmed = 0, confirmed_at = NULL WHERE candidate_id = ?');
    const forget = db.prepare('DELETE FROM confirmations WHERE candidate_id = ?');
    const regrade = db.prepare('UPDATE grades SET grade = ? WHERE candidate_id = ?');
    for (const t of targets) {
      unlock.run(t.candidateId);
      forget.run(t.candidateId);
      // An unconfirmed letter derived from points follows the thresholds in force: thresholds
      // changed while the grade was locked apply now, or confirming again would lock a stale letter.
      const letter = t.derived && t.grade !== null && t.points !== null ? letterFromPoints(t.points, exam.thresholds) : t.grade;
      if (letter !== t.grade) regrade.run(letter, t.candidateId);
      recordEvent(db, {
        actorId: actor.id,
        kind: 'grades.reopen',
        at,
        examId: exam.id,
        subjectUserId: t.studentId,
        subject: t.number,
        old: { grade: t.grade, points: t.points, confirmed: t.confirmed },
        new: { grade: letter, points: t.points, confirmed: false, reason: opts.reason ?? null },
      });
    }
    return { test: exam.code, reopened: targets.map((t) => t.number), reason: opts.reason ?? null };
  });
}
