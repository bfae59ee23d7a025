import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, UsageError } from '../../errors.js';
import { requireExamRole } from '../access/access.js';
import { given, say } from '../words.js';
import { whyNoGrade } from '../candidates/candidates.js';
import { recordEvents, type EventInput } from '../log/events.js';
import { requireExam, type Exam } from '../exams/exams.js';
import type { User } from '../people/users.js';
import { blockerLine, blockerOf, blockerReason, type Blocker } from './blockers.js';
import { confirmationsOfExam, insertConfirmations, lockGrades } from './confirm-store.js';
import { confirmScope, type ConfirmOptions, type ConfirmUnit } from './confirm-scope.js';
import { progressOf, type CandidateProgress } from './progress.js';
import { shareCommittee } from './sharing.js';
import { appealConfirmed, appealsByCandidate, needsFurtherAssessment } from '../results/appeal-round.js';
import type { AppealRow } from '../results/store.js';

export type { ConfirmOptions } from './confirm-scope.js';

export interface ConfirmResult {
  test: string;
  /** Candidates whose grades are now confirmed (locked). */
  confirmed: string[];
  /** Candidates the actor confirmed that still wait for other graders (confirm-by all). */
  pending: { candidate: string; waitingFor: string[] }[];
  /** Per-candidate confirmation without --candidate: candidates not ready, with why. */
  skipped: { candidate: string; reason: string }[];
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
    shareLoneGraders(db, actor, exam, units, at);
    const result: ConfirmResult = { test: exam.code, confirmed: [], pending: [], skipped: [] };
    const known: Known = { confirmations: confirmationsOfExam(db, exam.id), appeals: appealsByCandidate(db, exam.id) };
    const sorted = sortScope(db, actor, exam, opts, units, known, result);
    refuseUnready(actor, exam, opts, sorted);
    confirmTargets(db, actor, exam, sorted.targets, known, at, result);
    return result;
  });
}

/** A lone grader in private marking has no one to align with: confirming shares its marks. */
function shareLoneGraders(db: Db, actor: User, exam: Exam, units: ConfirmUnit[], at: string): void {
  if (exam.marking !== 'private') return;
  for (const u of units) {
    const c = u.committee;
    if (c && c.graders.length === 1 && c.graders[0]!.id === actor.id) shareCommittee(db, actor, exam, c, at);
  }
}

/** What the rules read of every candidate in scope, read once for the test: who has confirmed whom, and the appeals. */
interface Known {
  confirmations: Map<number, Set<number>>;
  appeals: Map<number, AppealRow>;
}

const hasConfirmed = (known: Known, candidateId: number, userId: number) => known.confirmations.get(candidateId)?.has(userId) ?? false;

/** The candidates in scope, sorted into what to confirm and what keeps the rest from it. */
interface Sorted {
  /** Candidates the actor confirms now. */
  targets: CandidateProgress[];
  /** Candidates not ready, in the units that go ahead. */
  blockers: Blocker[];
  /** Collective confirmation over several units: the blockers of units held back whole, as lines. */
  heldBack: string[];
  /** Ready candidates the actor has confirmed already (confirm-by all). */
  alreadyMine: number;
}

/**
 * Sorts every unit's candidates. Collective confirmation is per committee: when a run spans several
 * committees (a planner's or a grader's without --committee), a committee that is not ready is held
 * back whole and named, and the ready ones are confirmed. Records the candidates skipped in `result`.
 */
function sortScope(db: Db, actor: User, exam: Exam, opts: ConfirmOptions, units: ConfirmUnit[], known: Known, result: ConfirmResult): Sorted {
  const progress = progressOf(db, exam);
  const sorted: Sorted = { targets: [], blockers: [], heldBack: [], alreadyMine: 0 };
  for (const u of units) {
    const unit = sortUnit(actor, exam, opts, candidatesOf(progress, u, opts), known, result);
    sorted.alreadyMine += unit.alreadyMine;
    if (exam.confirmMode === 'collective' && units.length > 1 && unit.blockers.length > 0) {
      const name = u.committee ? `committee ${u.committee.name}` : 'candidates in no committee';
      sorted.heldBack.push(...unit.blockers.map((b) => `${name}, ${blockerLine(b)}`));
      for (const p of unit.targets) result.skipped.push({ candidate: p.candidate.number, reason: `${name} is not ready as a whole` });
      continue;
    }
    sorted.blockers.push(...unit.blockers);
    sorted.targets.push(...unit.targets);
  }
  return sorted;
}

/** The unit's candidates, or only the one asked for. */
function candidatesOf(progress: CandidateProgress[], u: ConfirmUnit, opts: ConfirmOptions): CandidateProgress[] {
  return progress.filter(
    (p) =>
      (u.committee ? p.candidate.committeeId === u.committee.id : p.candidate.committeeId === null) &&
      (opts.candidate === undefined || p.candidate.number === opts.candidate),
  );
}

/** One unit's candidates: those that take no grade or are confirmed are left out, the rest sorted. */
function sortUnit(
  actor: User,
  exam: Exam,
  opts: ConfirmOptions,
  inUnit: CandidateProgress[],
  known: Known,
  result: ConfirmResult,
): Omit<Sorted, 'heldBack'> {
  const unit: Omit<Sorted, 'heldBack'> = { targets: [], blockers: [], alreadyMine: 0 };
  for (const p of inUnit) {
    if (!p.eligible) {
      if (opts.candidate !== undefined) throw new ConflictError(`candidate ${p.candidate.number} takes no grade: ${whyNoGrade(exam, p.candidate.status)}`);
      continue;
    }
    if (p.grade?.confirmed) continue;
    const blocker =
      blockerOf(p) ??
      (needsFurtherAssessment(known.appeals.get(p.candidate.id), p.grade!.grade) ? { kind: 'further-assessment' as const, candidate: p.candidate.number } : null);
    if (blocker) {
      unit.blockers.push(blocker);
      result.skipped.push({ candidate: p.candidate.number, reason: blockerReason(blocker) });
    } else if (hasConfirmed(known, p.candidate.id, actor.id)) unit.alreadyMine++;
    else unit.targets.push(p);
  }
  return unit;
}

/**
 * Refuses the whole run when it may not go ahead: a conflict blocks every confirmation in its
 * scope, also a per-candidate run over a committee; collective and single-candidate runs need
 * every candidate ready; and a run with nothing to confirm says why.
 */
function refuseUnready(actor: User, exam: Exam, opts: ConfirmOptions, s: Sorted): void {
  const collective = exam.confirmMode === 'collective';
  const lines = s.blockers.map(blockerLine);
  const conflicts = s.blockers.filter((b) => b.kind === 'conflict').map(blockerLine);
  if (conflicts.length > 0 && !collective && opts.candidate === undefined) {
    throw new ConflictError(`nothing confirmed on test ${exam.code}: ${conflicts.length} candidate(s) in conflict in scope`, conflicts);
  }
  if (lines.length > 0 && (collective || opts.candidate !== undefined)) {
    throw new ConflictError(
      `nothing confirmed on test ${exam.code}: ${lines.length} candidate(s) not ready`,
      lines,
    );
  }
  if (s.targets.length === 0) {
    const why =
      lines.length > 0 || s.heldBack.length > 0
        ? `no candidate is ready`
        : s.alreadyMine > 0
          ? `${actor.username} has already confirmed; waiting for the other graders`
          : 'every grade in scope is already confirmed';
    throw new ConflictError(`nothing to confirm on test ${exam.code}: ${why}`, [...lines, ...s.heldBack]);
  }
}

/**
 * Records the actor's confirmations; locks each grade unless other graders must confirm too
 * (confirm-by all). Written as sets: on a server each statement is a round trip.
 */
function confirmTargets(db: Db, actor: User, exam: Exam, targets: CandidateProgress[], known: Known, at: string, result: ConfirmResult): void {
  const locked: number[] = [];
  const events: EventInput[] = [];
  for (const p of targets) {
    const graders = p.committee?.graders ?? [];
    const actsAsGrader = graders.some((g) => g.id === actor.id);
    const waitingFor =
      actsAsGrader && exam.confirmBy === 'all'
        ? graders.filter((g) => g.id !== actor.id && !hasConfirmed(known, p.candidate.id, g.id)).map((g) => g.username)
        : [];
    const complete = waitingFor.length === 0;
    if (complete) {
      locked.push(p.candidate.id);
      result.confirmed.push(p.candidate.number);
    } else result.pending.push({ candidate: p.candidate.number, waitingFor });
    events.push({
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
  insertConfirmations(db, targets.map((p) => p.candidate.id), actor.id, at);
  lockGrades(db, locked, at);
  for (const id of locked) if (known.appeals.has(id)) appealConfirmed(db, id, at);
  recordEvents(db, events);
}
