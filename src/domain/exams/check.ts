import type { Db } from '../../db/open.js';
import { requireExamRole } from '../access/access.js';
import type { User } from '../people/users.js';
import { partsOf, requireExam, type Exam } from './exams.js';

export interface Finding {
  kind:
    | 'candidate-without-committee'
    | 'committee-without-grader'
    | 'no-location'
    | 'no-start'
    | 'no-duration'
    | 'candidate-without-group'
    | 'empty-group'
    | 'aggregate-not-registration';
  message: string;
  /** Candidate numbers, committee or group names the finding is about. */
  items: string[];
}

/** What is missing before the test can run and be graded (`tests check`). */
export function checkExam(db: Db, actor: User, code: string): { exam: Exam; findings: Finding[] } {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `check test ${exam.code}`);
  const findings: Finding[] = [];
  const noCommittee = (
    db.prepare('SELECT number FROM candidates WHERE exam_id = ? AND committee_id IS NULL ORDER BY number').all(exam.id) as { number: string }[]
  ).map((r) => r.number);
  if (noCommittee.length) {
    findings.push({
      kind: 'candidate-without-committee',
      message: `${noCommittee.length} candidate${noCommittee.length === 1 ? ' is' : 's are'} in no committee`,
      items: noCommittee,
    });
  }
  const noGrader = (
    db
      .prepare(
        `SELECT name FROM committees m WHERE exam_id = ? AND NOT EXISTS (SELECT 1 FROM committee_graders g WHERE g.committee_id = m.id)
         ORDER BY name`,
      )
      .all(exam.id) as { name: string }[]
  ).map((r) => r.name);
  if (noGrader.length) {
    findings.push({ kind: 'committee-without-grader', message: `${noGrader.length} committee${noGrader.length === 1 ? ' has' : 's have'} no grader`, items: noGrader });
  }
  if (exam.kind === 'school') {
    if (exam.locationId === null) findings.push({ kind: 'no-location', message: 'school exam with no location set', items: [] });
    if (exam.start === null) findings.push({ kind: 'no-start', message: 'school exam with no start time set', items: [] });
    if (exam.duration === null) findings.push({ kind: 'no-duration', message: 'school exam with no duration set; capacity checks skip it', items: [] });
  }
  if (exam.groupMode !== 'none') findings.push(...groupFindings(db, exam.id));
  const parts = partsOf(db, exam.id);
  if (parts.length && !exam.registration) {
    findings.push({
      kind: 'aggregate-not-registration',
      message: `aggregate of ${parts.join(', ')} but not set as a grade registration test`,
      items: parts,
    });
  }
  return { exam, findings };
}

/** Group-test findings: every candidate, also one who writes alone, must be in a group. */
export function groupFindings(db: Db, examId: number): Finding[] {
  const out: Finding[] = [];
  const noGroup = (
    db.prepare('SELECT number FROM candidates WHERE exam_id = ? AND group_id IS NULL ORDER BY number').all(examId) as { number: string }[]
  ).map((r) => r.number);
  if (noGroup.length) {
    out.push({
      kind: 'candidate-without-group',
      message: `${noGroup.length} candidate${noGroup.length === 1 ? ' is' : 's are'} in no group (one who writes alone needs a group too)`,
      items: noGroup,
    });
  }
  const empty = (
    db
      .prepare(
        `SELECT name FROM groups g WHERE exam_id = ? AND NOT EXISTS (SELECT 1 FROM candidates c WHERE c.group_id = g.id) ORDER BY name`,
      )
      .all(examId) as { name: string }[]
  ).map((r) => r.name);
  if (empty.length) out.push({ kind: 'empty-group', message: `${empty.length} group${empty.length === 1 ? ' has' : 's have'} no members`, items: empty });
  return out;
}
