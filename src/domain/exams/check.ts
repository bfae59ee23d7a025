import type { Db } from '../../db/open.js';
import { requireExamRole } from '../access/access.js';
import type { User } from '../people/users.js';
import { candidatesWithoutCommittee } from '../candidates/store.js';
import { candidatesWithoutGroup, emptyGroups } from '../candidates/store-groups.js';
import { requireExam } from './exams.js';
import { partsOf, type Exam } from './store.js';
import { committeesWithoutGrader } from '../grading/store.js';

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
  const noCommittee = candidatesWithoutCommittee(db, exam.id);
  if (noCommittee.length) {
    findings.push({
      kind: 'candidate-without-committee',
      message: `${noCommittee.length} candidate${noCommittee.length === 1 ? ' is' : 's are'} in no committee`,
      items: noCommittee,
    });
  }
  const noGrader = committeesWithoutGrader(db, exam.id);
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
  const noGroup = candidatesWithoutGroup(db, examId);
  if (noGroup.length) {
    out.push({
      kind: 'candidate-without-group',
      message: `${noGroup.length} candidate${noGroup.length === 1 ? ' is' : 's are'} in no group (one who writes alone needs a group too)`,
      items: noGroup,
    });
  }
  const empty = emptyGroups(db, examId);
  if (empty.length) out.push({ kind: 'empty-group', message: `${empty.length} group${empty.length === 1 ? ' has' : 's have'} no members`, items: empty });
  return out;
}
