import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, UsageError } from '../../errors.js';
import { requireExamRole } from '../access/access.js';
import { whyNoGrade } from '../candidates/candidates.js';
import { requireExam, type Exam } from '../exams/exams.js';
import { progressOf } from '../grading/progress.js';
import { recordEvent } from '../log/events.js';
import type { User } from '../people/users.js';
import { isDay, osloDay } from './calendar.js';
import { appealsOf, insertTransfer, registryOf, transfersOf, type TransferView } from './store.js';

/**
 * Transfer to the student registry. A transfer carries the confirmed grades the registry does not
 * have yet: new ones, and changed ones as corrections (an appeal's grade, a planner's correction).
 * It is recorded with its file's SHA-256 and rows; what it carried is published on the day given.
 * A test transfer (dry run) answers the same and names every candidate held back, changing nothing.
 */

export interface TransferRow {
  candidateId: number;
  candidate: string;
  student: string | null;
  grade: string | null;
  points: number | null;
  /** YYYY-MM-DD, the day the grade was confirmed. */
  confirmed: string;
  confirmedAt: string;
  correction: boolean;
}

export interface HeldBack {
  candidate: string;
  reason: string;
}

export interface TransferPlan {
  exam: Exam;
  rows: TransferRow[];
  held: HeldBack[];
}

/** What a registry files a grade under, with the rows. */
export const TRANSFER_HEADERS = ['course', 'year', 'term', 'variant', 'candidate', 'student', 'grade', 'points', 'confirmed', 'correction'];

/** The points go to the registry where the scale has them. */
const carriesPoints = (exam: Exam) => exam.scale === 'points';

/** What would go to the registry now, and who is held back and why. Planners on the test. */
export function planTransfer(db: Db, actor: User, code: string): TransferPlan {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `transfer the grades of test ${exam.code}`);
  return planOf(db, exam);
}

function planOf(db: Db, exam: Exam): TransferPlan {
  const registry = registryOf(db, exam.id);
  const appeals = new Map(appealsOf(db, exam.id).map((a) => [a.candidateId, a]));
  const rows: TransferRow[] = [];
  const held: HeldBack[] = [];
  for (const p of progressOf(db, exam)) {
    const c = p.candidate;
    const hold = (reason: string) => held.push({ candidate: c.number, reason });
    const inRegistry = registry.get(c.id);
    const appeal = appeals.get(c.id);
    if (exam.ungradedPart) hold('a part test that takes no grade: its points count in the aggregate');
    else if (whyNoGrade(exam, c.status) !== null) hold(`${c.status}: takes no grade`);
    else if (appeal && appeal.committeeId !== null && appeal.decidedAt === null) hold('appeal being graded');
    else if (p.conflict) hold('in conflict: the graders disagree');
    else if (!p.grade?.confirmed) hold(p.grade === null ? 'no grade' : 'not confirmed');
    else if (c.studentId === null) hold('no student linked');
    else {
      const g = p.grade;
      const points = carriesPoints(exam) ? g.points : null;
      if (inRegistry && inRegistry.grade === g.grade && inRegistry.points === points) continue;
      rows.push({
        candidateId: c.id,
        candidate: c.number,
        student: c.student,
        grade: g.grade,
        points,
        confirmed: osloDay(new Date(g.confirmedAt!)),
        confirmedAt: g.confirmedAt!,
        correction: inRegistry !== undefined,
      });
    }
  }
  return { exam, rows, held };
}

/** The rows as a registry reads them: course, year, term, assessment part, candidate, ... */
export function registryCells(exam: Exam, r: TransferRow): (string | number | null)[] {
  return [exam.course, exam.year, exam.term, exam.variant, r.candidate, r.student, r.grade, r.points, r.confirmed, r.correction ? 'yes' : 'no'];
}

/** The publication day given (default today), never in the future. */
export function publicationDay(text: string | undefined, now: Date): string {
  const today = osloDay(now);
  if (text === undefined) return today;
  const t = text.trim();
  if (!isDay(t)) throw new UsageError(`published ${JSON.stringify(text)}: expected a date YYYY-MM-DD`);
  if (t > today) throw new UsageError(`published ${t}: the registry cannot have published in the future (today is ${today})`);
  return t;
}

export interface Recorded {
  transfer: number;
  published: string;
}

/**
 * Records a real transfer of the plan's rows, once its file is made: inside the write, the plan is
 * made again and must be the same (a grade confirmed or reopened meanwhile means a new file).
 */
export function recordTransfer(
  db: Db,
  actor: User,
  plan: TransferPlan,
  file: { format: string; name: string | null; sha256: string; published: string },
  now: Date,
): Recorded {
  const exam = plan.exam;
  requireExamRole(db, actor, exam, ['planner'], `transfer the grades of test ${exam.code}`);
  return writeTx(db, () => {
    const again = planOf(db, exam);
    const key = (rows: TransferRow[]) => JSON.stringify(rows.map((r) => [r.candidateId, r.grade, r.points, r.confirmedAt]));
    if (key(again.rows) !== key(plan.rows)) {
      throw new ConflictError(`the grades of ${exam.code} changed while the transfer file was made; nothing was transferred, try again`);
    }
    const at = now.toISOString();
    const number = insertTransfer(
      db,
      { examId: exam.id, format: file.format, fileName: file.name, sha256: file.sha256, actorId: actor.id, at, publishedOn: file.published },
      plan.rows,
    );
    recordEvent(db, {
      actorId: actor.id,
      kind: 'grades.transfer',
      at,
      examId: exam.id,
      subject: exam.code,
      new: {
        transfer: number,
        published: file.published,
        sha256: file.sha256,
        file: file.name,
        format: file.format,
        candidates: plan.rows.map((r) => r.candidate),
        corrections: plan.rows.filter((r) => r.correction).map((r) => r.candidate),
      },
    });
    return { transfer: number, published: file.published };
  });
}

export function listTransfers(db: Db, actor: User, code: string): { exam: Exam; transfers: TransferView[] } {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner', 'reporter'], `see the transfers of test ${exam.code}`);
  return { exam, transfers: transfersOf(db, exam.id) };
}
