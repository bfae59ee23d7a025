import type { Db } from '../../db/open.js';
import { NotFoundError } from '../../errors.js';

export const CANDIDATE_STATUSES = ['registered', 'attended', 'submitted', 'absent', 'withdrawn'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

export interface Candidate {
  id: number;
  examId: number;
  /** As registered: text, matched exactly. */
  number: string;
  studentId: number | null;
  student: string | null;
  status: CandidateStatus;
  committeeId: number | null;
  committee: string | null;
  groupId: number | null;
}

export const CANDIDATE_SELECT = `SELECT c.id, c.exam_id AS examId, c.number, c.student_id AS studentId,
  u.username AS student, c.status, c.committee_id AS committeeId, m.name AS committee, c.group_id AS groupId
  FROM candidates c LEFT JOIN users u ON u.id = c.student_id LEFT JOIN committees m ON m.id = c.committee_id`;

export function listCandidates(db: Db, examId: number): Candidate[] {
  return db.prepare(`${CANDIDATE_SELECT} WHERE c.exam_id = ? ORDER BY c.number`).all(examId) as Candidate[];
}

export function findCandidate(db: Db, examId: number, number: string): Candidate | undefined {
  return db.prepare(`${CANDIDATE_SELECT} WHERE c.exam_id = ? AND c.number = ?`).get(examId, number) as
    | Candidate
    | undefined;
}

export function requireCandidate(db: Db, exam: { id: number; code: string }, number: string): Candidate {
  const c = findCandidate(db, exam.id, number);
  if (!c) throw new NotFoundError(`no candidate ${number} on test ${exam.code}`);
  return c;
}

/**
 * On a grade registration test only candidates who attended or submitted take a grade;
 * on other tests absent and withdrawn candidates take none. Returns why not, or null.
 */
export function whyNoGrade(exam: { registration: boolean }, status: CandidateStatus): string | null {
  if (exam.registration) {
    return status === 'attended' || status === 'submitted'
      ? null
      : `candidate is ${status}: on a grade registration test only attended or submitted candidates take a grade`;
  }
  return status === 'absent' || status === 'withdrawn' ? `candidate is ${status} and takes no grade` : null;
}

/**
 * Candidates that hold a grade or a private mark but would take none under the given setting and
 * status: changing a status or the registration flag must not leave such a grade behind.
 */
export function gradedButBarred(
  db: Db,
  exam: { id: number; registration: boolean },
  status?: { ids: Set<number>; to: CandidateStatus },
): { id: number; number: string; reason: string }[] {
  const graded = db
    .prepare(
      `SELECT c.id, c.number, c.status FROM candidates c WHERE c.exam_id = ?
         AND (EXISTS (SELECT 1 FROM grades g WHERE g.candidate_id = c.id)
              OR EXISTS (SELECT 1 FROM marks m WHERE m.candidate_id = c.id))
       ORDER BY c.number`,
    )
    .all(exam.id) as { id: number; number: string; status: CandidateStatus }[];
  const barred: { id: number; number: string; reason: string }[] = [];
  for (const c of graded) {
    const reason = whyNoGrade(exam, status?.ids.has(c.id) ? status.to : c.status);
    if (reason) barred.push({ id: c.id, number: c.number, reason });
  }
  return barred;
}
