import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotPermittedError, UsageError, ValidationError } from '../../errors.js';
import { actsAs, graderCommittees, requireExamRole } from '../access/access.js';
import { requireCandidate, type Candidate } from '../candidates/candidates.js';
import { CANDIDATE_NUMBER_HEADERS } from '../candidates/candidate-admin.js';
import { requireExam, type Exam } from '../exams/exams.js';
import { EMPTY, hasIssues, isChanged, isNew, openSheet, runImport, UNCHANGED, type Checked, type Sheet } from '../imports/pipeline.js';
import { recordEvent } from '../log/events.js';
import type { User } from '../people/users.js';
import type { ColumnSpec } from '../../formats/columns.js';
import type { Table } from '../../formats/tabular.js';
import { addDays, osloDay } from './calendar.js';
import { recordedDay, requireInTime } from './dates.js';
import { isOralOrPractical, requirePublished, requireStudentOrPlanner } from './published.js';
import { appealCandidatesOfGrader, explanationsOf, insertExplanationRequest, readExplanation, writeExplanation, type ExplanationRow } from './store.js';

/**
 * Explanations of a published grade. The student (or a planner on its behalf) asks within one
 * week of publication, the same day on an oral or practical test; the candidate's graders or a
 * planner give it, due two weeks after the request. Every deadline counts from the dates recorded.
 */

export const REQUEST_DAYS = 7;
export const EXPLANATION_DUE_DAYS = 14;

/** The last day a request may come. */
export function requestDeadline(exam: Pick<Exam, 'kind'>, published: string): string {
  return isOralOrPractical(exam) ? published : addDays(published, REQUEST_DAYS);
}

export interface ExplanationView {
  candidate: string;
  student: string | null;
  requested: string;
  deadline: string;
  given: string | null;
  state: 'requested' | 'given' | 'overdue';
  /** Null for those who may see counts only (reporters). */
  text: string | null;
}

export function requestExplanation(db: Db, actor: User, code: string, number: string, o: { received?: string }, now: Date): ExplanationView {
  const { exam, candidate, planner } = requireStudentOrPlanner(db, actor, code, number, 'request an explanation');
  const day = recordedDay(o.received, 'received', now, { may: planner, who: actor.username, why: 'only a planner records a request received earlier' });
  return writeTx(db, () => {
    const published = requirePublished(db, exam, candidate, 'request an explanation');
    const before = readExplanation(db, candidate.id);
    if (before) throw new ConflictError(`an explanation for candidate ${number} on ${exam.code} was requested already on ${before.requestedOn}; nothing changed`);
    requireInTime(day, requestDeadline(exam, published), `the request for an explanation of candidate ${number}'s grade (published ${published})`);
    insertExplanationRequest(db, candidate.id, day, actor.id);
    recordEvent(db, {
      actorId: actor.id,
      kind: 'explanations.request',
      at: now.toISOString(),
      examId: exam.id,
      subjectUserId: candidate.studentId,
      subject: candidate.number,
      new: { received: day, due: addDays(day, EXPLANATION_DUE_DAYS) },
    });
    return viewOf(readExplanation(db, candidate.id)!, osloDay(now), true);
  });
}

/** Whether the actor explains this candidate's grade: a planner, or a grader of the committee that gave it. */
function mayExplain(db: Db, actor: User, exam: Exam, committeeId: number | null, candidateId: number): boolean {
  if (actsAs(db, actor, exam, 'planner')) return true;
  if (!actsAs(db, actor, exam, 'grader') || committeeId === null) return false;
  // An appeal grader grades blind: the original grade's explanation is not its to read or write.
  if (appealCandidatesOfGrader(db, actor.id, exam.id).has(candidateId)) return false;
  return graderCommittees(db, actor.id, exam.id).some((c) => c.id === committeeId);
}

function requireRequest(db: Db, exam: Exam, candidate: Candidate): ExplanationRow {
  const x = readExplanation(db, candidate.id);
  if (!x) throw new ConflictError(`no explanation was requested for candidate ${candidate.number} on ${exam.code}; nothing changed`);
  return x;
}

export function giveExplanation(db: Db, actor: User, code: string, number: string, text: string, o: { given?: string }, now: Date): ExplanationView {
  const exam = requireExam(db, code);
  const candidate = requireCandidate(db, exam, number);
  const t = text.trim();
  if (t === '') throw new ValidationError('an explanation needs its text; nothing changed');
  return writeTx(db, () => {
    const x = requireRequest(db, exam, candidate);
    if (!mayExplain(db, actor, exam, x.committeeId, candidate.id)) {
      throw new NotPermittedError(
        `${actor.username} may not explain candidate ${number}'s grade on ${exam.code}: only the candidate's graders or a planner on the test may`,
      );
    }
    const day = recordedDay(o.given, 'given', now, { may: true, who: actor.username, why: '' });
    if (day < x.requestedOn) throw new UsageError(`given ${day} is before the request of ${x.requestedOn}; nothing changed`);
    writeExplanation(db, candidate.id, t, day, actor.id);
    recordEvent(db, {
      actorId: actor.id,
      kind: 'explanations.give',
      at: now.toISOString(),
      examId: exam.id,
      subjectUserId: candidate.studentId,
      subject: candidate.number,
      old: x.text === null ? null : { text: x.text, given: x.givenOn },
      new: { text: t, given: day },
    });
    return viewOf(readExplanation(db, candidate.id)!, osloDay(now), true);
  });
}

function viewOf(x: ExplanationRow, today: string, texts: boolean): ExplanationView {
  const deadline = addDays(x.requestedOn, EXPLANATION_DUE_DAYS);
  return {
    candidate: x.number,
    student: texts ? x.student : null,
    requested: x.requestedOn,
    deadline,
    given: x.givenOn,
    state: x.givenOn !== null ? 'given' : today > deadline ? 'overdue' : 'requested',
    text: texts ? x.text : null,
  };
}

/**
 * The test's explanation requests. Planners see all; graders those of their committees' candidates
 * (never an appeal's); reporters see them without texts or students.
 */
export function listExplanations(db: Db, actor: User, code: string, o: { overdue?: boolean }, now: Date): ExplanationView[] {
  const exam = requireExam(db, code);
  const role = requireExamRole(db, actor, exam, ['planner', 'grader', 'reporter'], `see explanations on test ${exam.code}`);
  const planner = actsAs(db, actor, exam, 'planner');
  const today = osloDay(now);
  const rows = explanationsOf(db, exam.id).filter(
    (x) => planner || role === 'reporter' || mayExplain(db, actor, exam, x.committeeId, x.candidateId),
  );
  const texts = (x: ExplanationRow) => planner || mayExplain(db, actor, exam, x.committeeId, x.candidateId);
  return rows.map((x) => viewOf(x, today, texts(x))).filter((v) => !o.overdue || v.state === 'overdue');
}

type Key = 'candidate' | 'explanation';
const COLUMNS: ColumnSpec<Key>[] = [
  { key: 'candidate', headers: CANDIDATE_NUMBER_HEADERS, required: true, plain: true },
  { key: 'explanation', headers: ['explanation', 'begrunnelse', 'explanations', 'forklaring'], required: true },
];

interface Write {
  candidate: Candidate;
  text: string;
  old: string | null;
}

interface State {
  sheet: Sheet<Key>;
  seen: Map<string, number>;
  requests: Map<number, ExplanationRow>;
}

export interface ExplanationImportResult {
  test: string;
  file: string;
  given: string[];
  changed: string[];
  unchanged: number;
  empty: number;
}

/**
 * Explanations from a sheet (candidate and explanation columns), all or nothing: every row must
 * name a candidate with a request that the actor may answer; an empty cell never removes one.
 */
export function importExplanations(db: Db, actor: User, code: string, table: Table, now: Date): ExplanationImportResult {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner', 'grader'], `give explanations on test ${exam.code}`);
  const day = osloDay(now);
  const check = (st: State, r: number) => {
    const number = st.sheet.text(r, 'candidate');
    const text = st.sheet.text(r, 'explanation');
    if (number === '' && text === '') return EMPTY;
    if (number === '') return hasIssues([st.sheet.issue(r, 'candidate', 'expected a candidate number')]);
    const first = st.seen.get(number);
    if (first !== undefined) return hasIssues([st.sheet.issue(r, 'candidate', `candidate ${number} is on row ${first} already`)]);
    st.seen.set(number, st.sheet.rowNumber(r));
    if (text === '') return EMPTY;
    let candidate: Candidate;
    try {
      candidate = requireCandidate(db, exam, number);
    } catch {
      return hasIssues([st.sheet.issue(r, 'candidate', `no candidate ${number} on test ${exam.code}`)]);
    }
    const x = st.requests.get(candidate.id);
    if (!x) return hasIssues([st.sheet.issue(r, 'candidate', `no explanation was requested for candidate ${number}`)]);
    if (!mayExplain(db, actor, exam, x.committeeId, candidate.id)) {
      return hasIssues([st.sheet.issue(r, 'candidate', `${actor.username} may not explain candidate ${number}'s grade: not one of its graders`)]);
    }
    if (x.text === text) return UNCHANGED;
    const w: Write = { candidate, text, old: x.text };
    return x.text === null ? isNew(w) : isChanged(w);
  };
  return runImport(
    db,
    openSheet(table, COLUMNS),
    {
      strangeCharacters: false,
      precheck: true,
      load: (conn, sheet) => ({ sheet, seen: new Map(), requests: new Map(explanationsOf(conn, exam.id).map((x) => [x.candidateId, x])) }),
      check,
      refuse: (_db, _st, checked: Checked<Write>) => {
        throw new ValidationError(`${table.file}: ${checked.issues.length} problem${checked.issues.length === 1 ? '' : 's'} found; no explanation was recorded`, checked.issues);
      },
      write: (conn, _st, checked) => {
        const at = now.toISOString();
        for (const w of checked.writes) {
          writeExplanation(conn, w.candidate.id, w.text, day, actor.id);
          recordEvent(conn, {
            actorId: actor.id,
            kind: 'explanations.give',
            at,
            examId: exam.id,
            subjectUserId: w.candidate.studentId,
            subject: w.candidate.number,
            old: w.old === null ? null : { text: w.old },
            new: { text: w.text, given: day, file: table.file },
          });
        }
        return {
          test: exam.code,
          file: table.file,
          given: checked.writes.filter((w) => w.old === null).map((w) => w.candidate.number),
          changed: checked.writes.filter((w) => w.old !== null).map((w) => w.candidate.number),
          unchanged: checked.counts.unchanged,
          empty: checked.counts.empty,
        };
      },
    },
    { dryRun: false },
  );
}
