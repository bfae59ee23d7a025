import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { requireExamRole } from '../access/access.js';
import { requireCandidate } from '../candidates/candidates.js';
import { requireExam } from '../exams/exams.js';
import { lockGrade } from '../grading/confirm-store.js';
import { readGrade, writeState } from '../grading/grade-store.js';
import { resolveValue, stateDoc, type RawValue } from '../grading/grades.js';
import { recordEvent } from '../log/events.js';
import type { User } from '../people/users.js';
import { inRegistry } from './published.js';

/**
 * A planner's correction of a published grade (a clerical error found after the transfer): the
 * new grade stays confirmed, the reason is logged, and the next transfer sends it as a correction.
 * Anything else about a published grade goes through an appeal.
 */
export interface CorrectionResult {
  test: string;
  candidate: string;
  old: { grade: string | null; points: number | null };
  new: { grade: string | null; points: number | null };
  reason: string;
}

export function correctGrade(db: Db, actor: User, code: string, number: string, raw: RawValue, o: { points?: RawValue; reason?: string }, now: Date): CorrectionResult {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `correct published grades on test ${exam.code}`);
  const cand = requireCandidate(db, exam, number);
  const reason = o.reason?.trim() ?? '';
  if (reason === '') throw new ValidationError('a correction of a published grade needs its reason; nothing changed');
  return writeTx(db, () => {
    const current = readGrade(db, cand.id);
    if (!current || !current.confirmed || inRegistry(db, exam, [{ candidateId: cand.id, number, grade: current.grade, points: current.points }]).length === 0) {
      throw new ConflictError(`the grade of candidate ${number} on ${exam.code} is not published as it stands: change it as any grade (reopen it first if it is confirmed); nothing changed`);
    }
    // On a points test the value given is the points; the letter follows from the thresholds.
    const [g, p] = exam.scale === 'points' ? [undefined, raw] : [raw, o.points];
    const r = resolveValue(exam, current, g, p, { keepPoints: true, ungradedMessage: 'an ungraded part takes no grade' });
    if (r.kind === 'empty') throw new ValidationError('give the corrected grade; nothing changed');
    if (r.kind === 'error') throw new ValidationError(`${r.column} ${JSON.stringify(String(r.column === 'points' ? p : g))}: ${r.message}; nothing changed`);
    if (r.state.grade === current.grade && r.state.points === current.points) {
      throw new ConflictError(`candidate ${number} on ${exam.code} has ${current.grade ?? current.points} already; nothing changed`);
    }
    const at = now.toISOString();
    writeState(db, cand.id, { kind: 'shared' }, r.state, { source: 'correction', actorId: actor.id, at });
    lockGrade(db, cand.id, at);
    const result: CorrectionResult = { test: exam.code, candidate: number, old: stateDoc(current)!, new: stateDoc(r.state)!, reason };
    recordEvent(db, {
      actorId: actor.id,
      kind: 'grades.correct',
      at,
      examId: exam.id,
      subjectUserId: cand.studentId,
      subject: number,
      old: result.old,
      new: { ...result.new, reason },
    });
    return result;
  });
}
