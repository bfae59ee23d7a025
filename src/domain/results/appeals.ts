import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { actsAs, requireExamRole } from '../access/access.js';
import { requireNumbers } from '../candidates/candidate-admin.js';
import { requireCandidate, type Candidate } from '../candidates/candidates.js';
import { requireExam, type Exam } from '../exams/exams.js';
import { findCommittee } from '../grading/store.js';
import { addGraders, assignCandidates, requireCommittee, type AddGraderResult, type AssignResult, type Committee } from '../grading/committees.js';
import { readGrade, writeState } from '../grading/grade-store.js';
import { gradesOf } from '../grading/scales.js';
import { needsFurtherAssessment } from './appeal-round.js';
import { recordEvent } from '../log/events.js';
import { requireUser, type User } from '../people/users.js';
import { addDays } from './calendar.js';
import { recordedDay, requireInTime } from './dates.js';
import { defaultDeadline } from './deadlines.js';
import { isOralOrPractical, requirePublished, requireStudentOrPlanner } from './published.js';
import {
  appealCandidatesOfGrader,
  appealsOf,
  committeeGraders,
  insertAppeal,
  insertAppealCommittee,
  isAppealCommittee,
  markAuthors,
  openAppealRound,
  readAppeal,
  readExplanation,
  registryOf,
  writeSettlement,
  type AppealRow,
} from './store.js';

/**
 * Appeals of a published grade, graded blind by an appeal committee: at least two graders, one of
 * them external, none who graded the candidate before. The appeal's confirmed grade replaces the
 * original, higher or lower, and is final. Oral and practical tests cannot be appealed.
 */

export const APPEAL_DAYS = 21;

export type AppealState = 'requested' | 'in grading' | 'further assessment' | 'decided' | 'transferred';

/**
 * The last day to appeal: three weeks after publication, or, when an explanation was requested,
 * three weeks after it was given (and no deadline runs while it is awaited).
 */
export function appealDeadline(published: string, explanation: { requestedOn: string; givenOn: string | null } | undefined): string | null {
  if (!explanation) return addDays(published, APPEAL_DAYS);
  return explanation.givenOn === null ? null : addDays(explanation.givenOn, APPEAL_DAYS);
}

export function fileAppeal(db: Db, actor: User, code: string, number: string, o: { reason?: string; received?: string }, now: Date): AppealView {
  const { exam, candidate, planner } = requireStudentOrPlanner(db, actor, code, number, 'appeal a grade');
  const day = recordedDay(o.received, 'received', now, { may: planner, who: actor.username, why: 'only a planner records an appeal received earlier' });
  if (isOralOrPractical(exam)) {
    throw new ConflictError(`the grade of candidate ${number} on ${exam.code} cannot be appealed: ${exam.code} is an ${exam.kind} test, and the grade of an ${exam.kind} test is not open to appeal`);
  }
  return writeTx(db, () => {
    const before = readAppeal(db, candidate.id);
    if (before) throw new ConflictError(`candidate ${number} on ${exam.code} appealed already on ${before.receivedOn}: the appeal's grade is final; nothing changed`);
    const published = requirePublished(db, exam, candidate, 'appeal the grade');
    const deadline = appealDeadline(published, readExplanation(db, candidate.id));
    if (deadline !== null) requireInTime(day, deadline, `the appeal of candidate ${number}'s grade`);
    const reason = o.reason?.trim() || null;
    insertAppeal(db, candidate.id, day, actor.id, reason);
    recordEvent(db, {
      actorId: actor.id,
      kind: 'appeals.file',
      at: now.toISOString(),
      examId: exam.id,
      subjectUserId: candidate.studentId,
      subject: candidate.number,
      new: { received: day, reason },
    });
    return viewOf(db, exam, actor, readAppeal(db, candidate.id)!, registryOf(db, exam.id));
  });
}

export function createAppealCommittee(db: Db, actor: User, code: string, name: string, now: Date): Committee {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `form appeal committees on test ${exam.code}`);
  const n = name.trim();
  if (n === '' || n.length > 100) throw new ValidationError('a committee name has 1 to 100 characters');
  return writeTx(db, () => {
    if (findCommittee(db, exam.id, n)) throw new ConflictError(`committee "${n}" already exists on ${exam.code}; nothing changed`);
    const id = insertAppealCommittee(db, exam.id, n);
    recordEvent(db, { actorId: actor.id, kind: 'committees.create', at: now.toISOString(), examId: exam.id, subject: n, new: { committee: n, appeal: true } });
    return { id, name: n };
  });
}

/** Everyone who graded the candidate's original grade: its committee's graders and whoever marked it. */
function originalGraders(db: Db, a: AppealRow, cand: Pick<Candidate, 'id' | 'committeeId'>): Set<number> {
  if (a.original) {
    const ids = new Set(a.original.graders);
    if (a.originalCommitteeId !== null) for (const g of committeeGraders(db, a.originalCommitteeId)) ids.add(g.id);
    return ids;
  }
  const ids = new Set<number>();
  if (cand.committeeId !== null) for (const g of committeeGraders(db, cand.committeeId)) ids.add(g.id);
  for (const id of markAuthors(db, cand.id)) ids.add(id);
  return ids;
}

/** Graders join an appeal committee only if they graded none of its appellants before. */
export function addGradersTo(db: Db, actor: User, code: string, committee: string, usernames: string[], now: Date): AddGraderResult {
  const exam = requireExam(db, code);
  const c = findCommittee(db, exam.id, committee);
  if (c && isAppealCommittee(db, c.id)) {
    requireExamRole(db, actor, exam, ['planner'], `add graders on test ${exam.code}`);
    // Its appellants, and every appeal on the test still waiting for a committee.
    const appellants = appealsOf(db, exam.id).filter((a) => a.committeeId === c.id || (a.committeeId === null && a.decidedAt === null));
    const refused: string[] = [];
    for (const name of new Set(usernames)) {
      const u = requireUser(db, name);
      for (const a of appellants) {
        const cand = a.original ? { id: a.candidateId, committeeId: a.originalCommitteeId } : requireCandidate(db, exam, a.number);
        if (originalGraders(db, a, cand).has(u.id)) refused.push(`${u.username} graded candidate ${a.number} before`);
      }
    }
    if (refused.length) {
      throw new ConflictError(
        refused.length === 1
          ? `cannot add to appeal committee ${c.name}: ${refused[0]}, and an appeal is graded by graders who did not grade the candidate before; nothing changed`
          : `cannot add to appeal committee ${c.name}: an appeal is graded by graders who did not grade the candidate before; nothing changed`,
        refused.length === 1 ? [] : refused,
      );
    }
  }
  return addGraders(db, actor, code, committee, usernames, now);
}

/** What keeps the appeal committee from taking the appellant: each thing missing, named. */
function committeeProblems(db: Db, c: Committee, a: AppealRow, cand: Candidate): string[] {
  const graders = committeeGraders(db, c.id);
  const problems: string[] = [];
  if (graders.length < 2) problems.push(`appeal committee ${c.name} has ${graders.length} grader${graders.length === 1 ? '' : 's'}: an appeal needs at least two`);
  if (!graders.some((g) => g.kind === 'external')) problems.push(`appeal committee ${c.name} has no external grader: an appeal needs at least one`);
  const before = originalGraders(db, a, cand);
  const again = graders.filter((g) => before.has(g.id)).map((g) => g.username);
  if (again.length) problems.push(`${again.join(', ')} graded candidate ${cand.number} before and may not grade the appeal`);
  return problems;
}

/**
 * Puts appellants in an appeal committee: each needs an open appeal, and the committee its graders.
 * The original round leaves the grading tables for the appeal's record, so that the appeal graders
 * see nothing of it; the candidate keeps its original committee on record.
 */
export function assignAppellants(db: Db, actor: User, exam: Exam, c: Committee, numbers: string[], now: Date): AssignResult {
  return writeTx(db, () => {
    const cands = requireNumbers(db, exam, [...new Set(numbers)]).map((n) => requireCandidate(db, exam, n.number));
    const problems: string[] = [];
    const go: { cand: Candidate; appeal: AppealRow }[] = [];
    const already: string[] = [];
    for (const cand of cands) {
      const a = readAppeal(db, cand.id);
      if (!a) problems.push(`candidate ${cand.number} has no appeal`);
      else if (a.committeeId === c.id) already.push(cand.number);
      else if (a.committeeId !== null) problems.push(`candidate ${cand.number}'s appeal is with appeal committee ${a.committee}`);
      else {
        problems.push(...committeeProblems(db, c, a, cand));
        go.push({ cand: cand, appeal: a });
      }
    }
    if (problems.length) {
      throw new ConflictError(
        `cannot assign to appeal committee ${c.name}: ${problems.length === 1 ? problems[0] : `${problems.length} problems`}; nothing changed`,
        problems.length === 1 ? [] : [...new Set(problems)],
      );
    }
    const at = now.toISOString();
    for (const { cand } of go) {
      const original = openAppealRound(db, cand, c.id);
      recordEvent(db, {
        actorId: actor.id,
        kind: 'appeals.assign',
        at,
        examId: exam.id,
        subjectUserId: cand.studentId,
        subject: cand.number,
        old: { committee: original.committee, grade: original.grade, points: original.points },
        new: { committee: c.name },
      });
    }
    return { committee: c.name, assigned: go.map((g) => g.cand.number), already };
  });
}

/**
 * A planner records the further assessment of an appeal, seeing everything: the grade it settles
 * on becomes the grade of record, to be confirmed as any grade.
 */
export function settleAppeal(db: Db, actor: User, code: string, number: string, grade: string, reason: string | undefined, now: Date): AppealView {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `settle appeals on test ${exam.code}`);
  const why = reason?.trim() ?? '';
  if (why === '') throw new ValidationError('a further assessment needs its reason; nothing changed');
  const g = grade.trim();
  const allowed = gradesOf(exam.scale);
  if (!allowed.includes(g)) throw new ValidationError(`grade "${grade}": expected one of ${allowed.join(', ')} on ${exam.code}`);
  const [cand] = requireNumbers(db, exam, [number]);
  return writeTx(db, () => {
    const a = readAppeal(db, cand!.id);
    if (!a) throw new ConflictError(`candidate ${number} on ${exam.code} has no appeal`);
    if (a.original === null) throw new ConflictError(`candidate ${number}'s appeal is not being graded yet: assign it to an appeal committee first`);
    if (a.decidedAt !== null) throw new ConflictError(`candidate ${number}'s appeal is decided already`);
    const current = readGrade(db, cand!.id);
    if (current?.confirmed) throw new ConflictError(`candidate ${number}'s appeal grade is confirmed already`);
    const at = now.toISOString();
    writeSettlement(db, cand!.id, g, why, actor.id, at);
    writeState(db, cand!.id, { kind: 'shared' }, { grade: g, points: exam.scale === 'points' ? current?.points ?? null : null, derived: false }, {
      source: 'settled',
      actorId: actor.id,
      at,
    });
    recordEvent(db, {
      actorId: actor.id,
      kind: 'appeals.settle',
      at,
      examId: exam.id,
      subjectUserId: cand!.studentId,
      subject: cand!.number,
      old: current ? { grade: current.grade, points: current.points } : null,
      new: { grade: g, reason: why },
    });
    return viewOf(db, exam, actor, readAppeal(db, cand!.id)!, registryOf(db, exam.id));
  });
}

export interface AppealView {
  candidate: string;
  state: AppealState;
  received: string;
  /** The day the appeal is to be decided by: three weeks after it came, on a working day. */
  deadline: string;
  committee: string | null;
  /** The original grade; null for those who may not see it (the appeal graders). */
  original: string | null;
  /** The appeal's grade so far; null before there is one. */
  grade: string | null;
  reason: string | null;
}

function stateOf(a: AppealRow, grade: string | null, transferredAfter: boolean): AppealState {
  if (a.decidedAt !== null) return transferredAfter ? 'transferred' : 'decided';
  if (a.committeeId === null) return 'requested';
  return needsFurtherAssessment(a, grade) ? 'further assessment' : 'in grading';
}

function viewOf(db: Db, exam: Exam, actor: User, a: AppealRow, registry: ReturnType<typeof registryOf>, blind?: Set<number>): AppealView {
  const g = readGrade(db, a.candidateId);
  const grade = a.committeeId === null ? null : g?.grade ?? null;
  const sent = registry.get(a.candidateId);
  const transferredAfter = a.decidedAt !== null && sent !== undefined && sent.grade === (g?.grade ?? null);
  const blindHere = (blind ?? appealCandidatesOfGrader(db, actor.id, exam.id)).has(a.candidateId) || !actsAs(db, actor, exam, 'planner');
  const original = a.original ? a.original.grade : g?.grade ?? null;
  return {
    candidate: a.number,
    state: stateOf(a, g?.grade ?? null, transferredAfter),
    received: a.receivedOn,
    deadline: defaultDeadline(a.receivedOn),
    committee: a.committee,
    original: blindHere ? null : original,
    grade,
    reason: blindHere ? null : a.reason,
  };
}

/**
 * The test's appeals with their states. Planners see each in full; the graders of an appeal
 * committee see their appellants without the original grade or the reason.
 */
export function listAppeals(db: Db, actor: User, code: string): AppealView[] {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner', 'grader', 'reporter'], `see appeals on test ${exam.code}`);
  const planner = actsAs(db, actor, exam, 'planner');
  const mine = appealCandidatesOfGrader(db, actor.id, exam.id);
  const registry = registryOf(db, exam.id);
  const rows = appealsOf(db, exam.id).filter((a) => planner || mine.has(a.candidateId) || !actsAs(db, actor, exam, 'grader'));
  return rows.map((a) => viewOf(db, exam, actor, a, registry, mine));
}

/** Whether the committee is an appeal committee (its assignments take appellants). */
export function appealCommitteeOf(db: Db, exam: Exam, name: string): Committee | null {
  const c = requireCommittee(db, exam, name);
  return isAppealCommittee(db, c.id) ? c : null;
}

/** `committees assign`: an appeal committee takes appellants, any other committee candidates. */
export function assignTo(db: Db, actor: User, code: string, committee: string, numbers: string[], now: Date): AssignResult {
  const exam = requireExam(db, code);
  const c = findCommittee(db, exam.id, committee);
  if (!c || !isAppealCommittee(db, c.id)) return assignCandidates(db, actor, code, committee, numbers, now);
  requireExamRole(db, actor, exam, ['planner'], `assign candidates on test ${exam.code}`);
  if (numbers.length === 0) throw new ValidationError('name at least one candidate number');
  return assignAppellants(db, actor, exam, c, numbers, now);
}
