import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError } from '../../errors.js';
import { requireExamRole } from '../access/access.js';
import { requireCandidate } from '../candidates/candidates.js';
import { recordEvent } from '../log/events.js';
import { requireExam, type Exam } from '../exams/exams.js';
import type { User } from '../people/users.js';
import { requireCommittee } from './committees.js';
import { letterInForce } from './scales.js';
import { confirmedGradesOfExam, forgetConfirmations, setGradeLetter, unlockGrade } from './confirm-store.js';
import { inRegistry } from '../results/published.js';
import { appealReopened } from '../results/appeal-round.js';

/** `grades reopen`: a planner unlocks confirmed grades so that they can change and be confirmed again. */

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
  const targets = confirmedGradesOfExam(db, exam.id)
    .filter((r) => (opts.candidate === undefined || r.number === opts.candidate) && (committeeId === undefined || r.committeeId === committeeId))
    .map((r) => ({
      candidateId: r.candidateId,
      number: r.number,
      studentId: r.studentId,
      grade: r.grade,
      points: r.points,
      confirmed: r.confirmed,
      derived: r.derived,
    }));
  if (targets.length === 0) {
    const scope = opts.candidate !== undefined ? `candidate ${opts.candidate}` : opts.committee !== undefined ? `committee ${opts.committee}` : 'the test';
    throw new ConflictError(`nothing to reopen on test ${exam.code}: ${scope} has no confirmed grade`);
  }
  const published = inRegistry(db, exam, targets);
  if (published.length) {
    throw new ConflictError(
      published.length === 1
        ? `cannot reopen the grade of candidate ${published[0]!.number} on ${exam.code}: it is published (transferred to the student registry, published ${published[0]!.published}); a published grade changes only through an appeal or a planner's correction; nothing changed`
        : `cannot reopen on ${exam.code}: ${published.length} of the grades are published (transferred to the student registry); a published grade changes only through an appeal or a planner's correction; nothing changed`,
      published.length === 1 ? [] : published.map((p) => `candidate ${p.number}: published ${p.published}`),
    );
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
    for (const t of targets) {
      unlockGrade(db, t.candidateId);
      forgetConfirmations(db, t.candidateId);
      appealReopened(db, t.candidateId);
      // An unconfirmed letter derived from points follows the thresholds in force: thresholds
      // changed while the grade was locked apply now, or confirming again would lock a stale letter.
      const letter = letterInForce(t, exam.thresholds);
      if (letter !== t.grade) setGradeLetter(db, t.candidateId, letter);
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
