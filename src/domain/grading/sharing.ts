import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotPermittedError } from '../../errors.js';
import { graderCommittees, requireExamRole } from '../access/access.js';
import { recordEvent } from '../log/events.js';
import { requireExam, type Exam } from '../exams/exams.js';
import type { User } from '../people/users.js';
import { readMarksOfGraderInCommittee, sameState, writeState, type GradeState } from './grade-store.js';
import { progressOf, requireCommitteeInfo, SEALED, stateOf } from './progress.js';
import { committeesOf, markCommitteeShared, type CommitteeInfo } from './store.js';

/** `grades share`: a grader seals its private marks, and once every grader has, the committee aligns. */

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
export function shareCommittee(db: Db, actor: User, exam: Exam, committee: CommitteeInfo, at: string): ShareOutcome {
  markCommitteeShared(db, committee.id, actor.id, at);
  const mine = readMarksOfGraderInCommittee(db, committee.id, actor.id);
  for (const m of mine) {
    if (m.source === SEALED) continue;
    writeState(
      db,
      m.candidateId,
      { kind: 'mark', graderId: actor.id },
      { grade: m.grade, points: m.points, derived: m.derived },
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
    const c = requireCommitteeInfo(db, exam, name);
    if (!mine.some((m) => m.id === c.id)) {
      throw new NotPermittedError(`${actor.username} is not a grader in committee ${name} on test ${exam.code}`);
    }
    return [c];
  }
  if (mine.length === 0) throw new NotPermittedError(`${actor.username} is a grader in no committee on test ${exam.code}`);
  return mine;
}
