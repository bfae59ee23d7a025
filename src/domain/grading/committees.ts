import type { Fix } from '../fixes.js';
import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotFoundError, NotPermittedError, ValidationError } from '../../errors.js';
import { given, say } from '../words.js';
import { requireExamRole, requireStaff } from '../access/access.js';
import { CANDIDATE_NUMBER_HEADERS, requireNumbers } from '../candidates/candidate-admin.js';
import { cellText, dataRows, findColumns } from '../../formats/columns.js';
import type { Cell, Table } from '../../formats/tabular.js';
import { addContributorTx } from '../access/contributors.js';
import { recordEvent } from '../log/events.js';
import { requireSeeExam } from '../exams/visible.js';
import { requireExam, type Exam } from '../exams/exams.js';
import { hasRole, requireUser, type User } from '../people/users.js';
import {
  committeesOfCandidates,
  committeesOfExam,
  countCandidatesOfCommittee,
  findCommittee,
  graderNamesOfCommittee,
  insertCommittee,
  insertCommitteeGrader,
  isCommitteeGrader,
  setCandidatesCommittee,
  type Committee,
} from './store.js';

/** Committees: graders on a test and the candidates they grade. A planner on the test builds them. */

export type { Committee } from './store.js';

export function requireCommittee(db: Db, exam: Exam, name: string): Committee {
  const c = findCommittee(db, exam.id, name);
  if (!c) throw new NotFoundError(`no committee "${name}" on test ${exam.code}`);
  return c;
}

export function createCommittee(db: Db, actor: User, code: string, name: string, now: Date): Committee {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `create committees on test ${exam.code}`);
  const n = name.trim();
  if (n === '' || n.length > 100) throw new ValidationError('a committee name has 1 to 100 characters');
  return writeTx(db, () => {
    if (findCommittee(db, exam.id, n)) throw new ConflictError(`committee "${n}" already exists on ${exam.code}; nothing changed`);
    const id = insertCommittee(db, exam.id, n);
    recordEvent(db, { actorId: actor.id, kind: 'committees.create', at: now.toISOString(), examId: exam.id, subject: n, new: { committee: n } });
    return { id, name: n };
  });
}

/** Why the user cannot grade, or null (exit 3 either way: the fix is a role, not the input). */
export function whyNotGrader(u: User): string | null {
  if (u.kind === 'student') return `${u.username} is a student account: a student can never be a grader`;
  if (!u.active) return `${u.username} is deactivated`;
  if (!hasRole(u, 'grader')) return `${u.username} does not hold the grader role (a user administrator grants it)`;
  return null;
}

export interface AddGraderResult {
  committee: string;
  added: string[];
  already: string[];
  /** Users who became grader contributors on the test on the way. */
  contributors: string[];
}

/** Adds graders to the committee; each becomes a grader contributor on the test (logged). All or none. */
export function addGraders(db: Db, actor: User, code: string, committee: string, usernames: string[], now: Date): AddGraderResult {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `add graders on test ${exam.code}`);
  if (usernames.length === 0) throw new ValidationError('name at least one grader');
  const c = requireCommittee(db, exam, committee);
  const users = [...new Set(usernames)].map((u) => requireUser(db, u));
  const refused = users.map((u) => whyNotGrader(u)).filter((w): w is string => w !== null);
  if (refused.length) {
    const fixes = users
      .filter((u) => u.kind !== 'student' && u.active && !hasRole(u, 'grader'))
      .map((u): Fix => ({ act: 'grant-role', user: u.username, role: 'grader' }));
    throw new NotPermittedError(
      refused.length === 1 ? `cannot add grader: ${refused[0]}; nothing changed` : `cannot add ${refused.length} graders; nothing changed`,
      refused.length === 1 ? [] : refused,
    ).withFixes(fixes);
  }
  return writeTx(db, () => {
    const at = now.toISOString();
    const result: AddGraderResult = { committee: c.name, added: [], already: [], contributors: [] };
    for (const u of users) {
      if (addContributorTx(db, actor, exam, u, 'grader', at, `added to committee ${c.name}`)) result.contributors.push(u.username);
      if (isCommitteeGrader(db, c.id, u.id)) {
        result.already.push(u.username);
        continue;
      }
      insertCommitteeGrader(db, c.id, u.id);
      recordEvent(db, {
        actorId: actor.id,
        kind: 'committees.add-grader',
        at,
        examId: exam.id,
        subjectUserId: u.id,
        subject: u.username,
        new: { committee: c.name, grader: u.username },
      });
      result.added.push(u.username);
    }
    return result;
  });
}

export interface AssignResult {
  committee: string;
  assigned: string[];
  already: string[];
}

/**
 * Puts candidates in the committee. A candidate in another committee is a conflict naming that
 * committee (moving graded work between committees is not silent); the same committee again is a
 * no-op. All or none.
 */
export function assignCandidates(db: Db, actor: User, code: string, committee: string, numbers: string[], now: Date): AssignResult {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `assign candidates on test ${exam.code}`);
  if (numbers.length === 0) throw new ValidationError(say`name at least one candidate number (or ${given('file')})`);
  const c = requireCommittee(db, exam, committee);
  return writeTx(db, () => {
    const cands = requireNumbers(db, exam, [...new Set(numbers)]);
    const elsewhere: string[] = [];
    const assign: typeof cands = [];
    const already: string[] = [];
    const current = committeesOfCandidates(db, cands.map((cand) => cand.id));
    for (const cand of cands) {
      const cur = current.get(cand.id)!;
      if (cur.id === c.id) already.push(cand.number);
      else if (cur.id !== null) elsewhere.push(`candidate ${cand.number} is in committee ${cur.name}`);
      else assign.push(cand);
    }
    if (elsewhere.length) {
      throw new ConflictError(
        elsewhere.length === 1
          ? `${elsewhere[0]}: a candidate is in at most one committee per test; nothing changed`
          : `${elsewhere.length} candidates are already in another committee (at most one per test); nothing changed`,
        elsewhere.length === 1 ? [] : elsewhere,
      );
    }
    const at = now.toISOString();
    setCandidatesCommittee(db, assign.map((cand) => cand.id), c.id);
    if (assign.length) {
      recordEvent(db, {
        actorId: actor.id,
        kind: 'committees.assign',
        at,
        examId: exam.id,
        subject: c.name,
        new: { committee: c.name, candidates: assign.map((a) => a.number) },
      });
    }
    return { committee: c.name, assigned: assign.map((a) => a.number), already };
  });
}

/**
 * Candidate numbers listed in a file: the candidate-number column under its header, or, in a file
 * with no such header, the first cell of every non-empty row (a plain list of numbers).
 */
export function numbersFromTable(table: Table): string[] {
  let rows: Cell[][];
  let col = 0;
  try {
    const cols = findColumns(table, [{ key: 'number', headers: CANDIDATE_NUMBER_HEADERS, required: true }]);
    col = cols.index.number!;
    rows = dataRows(table, cols.headerRow).map((r) => r.cells);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    rows = table.rows;
  }
  return rows.map((r) => cellText(r[col]).trim()).filter((n) => n !== '');
}

export interface CommitteeView {
  committee: string;
  graders: string[];
  candidates: number;
}

export function listCommittees(db: Db, actor: User, code: string): CommitteeView[] {
  const exam = requireSeeExam(db, actor, code);
  requireStaff(actor, 'list committees');
  return committeesOfExam(db, exam.id).map((r) => ({
    committee: r.name,
    graders: graderNamesOfCommittee(db, r.id),
    candidates: countCandidatesOfCommittee(db, r.id),
  }));
}
