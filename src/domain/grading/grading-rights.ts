import type { Db } from '../../db/open.js';
import { NotPermittedError } from '../../errors.js';
import { actsAs, graderCommittees, requireExamRole } from '../access/access.js';
import type { Candidate } from '../candidates/candidates.js';
import type { Exam } from '../exams/exams.js';
import type { Target } from './grade-store.js';
import type { User } from '../people/users.js';

/**
 * Who writes which grade: a planner on the test writes the
 * grade of record, with or without committees; a grader writes for the candidates of its own
 * committees: the grade of record in shared marking, its own private mark in private marking.
 * `final` (resolving a conflict in private marking) writes the grade of record. A planner who is
 * also a grader in the candidate's committee writes its private mark in private marking.
 */
export function writeTarget(
  db: Db,
  actor: User,
  exam: Exam,
  candidate: Pick<Candidate, 'number' | 'committeeId' | 'committee'>,
  opts: { final?: boolean } = {},
): Target {
  const mine = actsAs(db, actor, exam, 'grader') ? graderCommittees(db, actor.id, exam.id) : [];
  // A planner who also grades this candidate's committee marks privately like its fellow graders,
  // or alignment would wait for a mark that never comes.
  const inCommittee = candidate.committeeId !== null && mine.some((c) => c.id === candidate.committeeId);
  if (inCommittee && exam.marking === 'private' && !opts.final) return { kind: 'mark', graderId: actor.id };
  if (actsAs(db, actor, exam, 'planner')) return { kind: 'shared' };
  requireExamRole(db, actor, exam, ['planner', 'grader'], `grade on test ${exam.code}`);
  if (candidate.committeeId === null) {
    throw new NotPermittedError(
      `${actor.username} may not grade candidate ${candidate.number} on ${exam.code}: the candidate is in no committee (a planner may grade it, or assign it to a committee)`,
    );
  }
  if (!mine.some((c) => c.id === candidate.committeeId)) {
    throw new NotPermittedError(
      `${actor.username} may not grade candidate ${candidate.number} on ${exam.code}: the candidate is in committee ${candidate.committee}, not in one of ${actor.username}'s`,
    );
  }
  if (opts.final || exam.marking === 'shared') return { kind: 'shared' };
  return { kind: 'mark', graderId: actor.id };
}
