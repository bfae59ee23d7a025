import crypto from 'node:crypto';
import path from 'node:path';
import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, ValidationError, formatIssue, type Issue } from '../../errors.js';
import { cellText, type ColumnSpec, type Columns } from '../../formats/columns.js';
import { isErrorText, strangeCharacter } from '../../formats/cells.js';
import { cellKey, type Cell, type Table } from '../../formats/tabular.js';
import { actsAs, graderCommittees, requireExamRole } from '../access/access.js';
import { whyNoGrade } from '../candidates/candidates.js';
import { recordEvent } from '../log/events.js';
import { findExamById, type Exam } from '../exams/exams.js';
import { readGradesOfExam, readMarksOfExam, sameState, type GradeRecord, type GradeState, type Target } from '../grading/grade-store.js';
import { isEmptyValue, resolveValue, showState, ungradedPartMessage } from '../grading/grades.js';
import { writeBatch } from './batches.js';
import { committeeNamesOfExam } from '../grading/store.js';
import { batchesOfFile, findImportPlan, insertBatch, leanCandidatesAhead, leanCandidatesOfExam, type LeanCandidate } from './store.js';
import { EMPTY, SKIPPED, UNCHANGED, hasIssues, isChanged, isNew, openSheet, runImport, type Checked, type ImportRule, type Outcome, type Sheet } from './pipeline.js';
import type { User } from '../people/users.js';

/**
 * `grades import`: the whole file is read and checked against the grades as
 * they stand, every problem collected, and only then, in one BEGIN IMMEDIATE transaction that
 * re-checks against the state inside it, written as one batch.
 */

export type ColumnKey = 'candidate' | 'grade' | 'points';

export const IMPORT_COLUMNS: ColumnSpec<ColumnKey>[] = [
  {
    key: 'candidate',
    headers: ['candidate number', 'candidate no', 'candidate', 'candidate id', 'cand no', 'kandidatnummer', 'kandidatnr', 'kandidat nr', 'kandidat', 'kand nr', 'kandidat id'],
    required: true,
  },
  { key: 'grade', headers: ['grade', 'karakter', 'final grade', 'endelig karakter'] },
  { key: 'points', headers: ['points', 'poeng', 'poengsum', 'score'] },
];

export interface ImportCounts {
  new: number;
  changed: number;
  unchanged: number;
  empty: number;
  errors: number;
}

export interface ImportChange {
  candidate: string;
  old: string | null;
  new: string | null;
  oldPoints: number | null;
  newPoints: number | null;
}

/** An error of the file; `kind` tells bad input (exit 2) from a change to a confirmed grade (exit 5). */
export interface ImportIssue extends Issue {
  kind: 'invalid' | 'confirmed';
}

/** What an import did or would do: the documented JSON document plus a few fields for people. */
export interface ImportReport {
  batch: number | null;
  dryRun: boolean;
  counts: ImportCounts;
  changes: ImportChange[];
  errors: ImportIssue[];
  /** A dry run without errors: the id `--plan` takes to apply exactly this. */
  planId: string | null;
  /** Earlier batches (not undone) of the same bytes. */
  sameFileBatches: number[];
  target: 'grades' | 'marks';
  file: string;
  sheet: string | null;
  sha256: string;
}

export interface ImportOptions {
  /** Column headers named by flags. */
  columns?: Partial<Record<ColumnKey, string>>;
  dryRun?: boolean;
  /** Apply only if the plan is still exactly this dry run's. */
  planId?: string;
  now: Date;
  /** Called now and then with rows done and the total, for a progress bar. */
  onProgress?: (phase: 'check' | 'write', done: number, total: number) => void;
  /** Test hook, called inside the transaction after every write and before the commit (EXAMCTL_TEST_PAUSE_IN_TX). */
  beforeCommit?: () => void;
}

interface Write {
  number: string;
  candidateId: number;
  /** The new state (as `new`), under the name writeStates reads. */
  state: GradeState;
  target: Target;
  old: GradeState | null;
  new: GradeState;
  /** source and batch of the old grade, so that an undo restores it exactly */
  oldSource: string | null;
  oldBatch: number | null;
}

/** Thrown when the file is refused; carries the report so --json can still print it. */
export class ImportRefused extends ValidationError {
  constructor(
    readonly report: ImportReport,
    message: string,
  ) {
    super(message, report.errors);
  }
}

/** Refused only because it would change confirmed grades (exit 5). */
export class ImportConflict extends ConflictError {
  constructor(
    readonly report: ImportReport,
    message: string,
    details: string[],
  ) {
    super(message, details);
  }
}

/**
 * A candidate-number cell as text: 101 and 101.0 are "101"; text as written, surrounding spaces
 * aside. Returns the text, or `{ error }` for a cell that cannot be a candidate number.
 */
function candidateKey(c: Cell | undefined): string | { error: string } {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') {
    if (!Number.isSafeInteger(c) || c < 0) return { error: 'expected a candidate number (a whole number or text)' };
    return String(c);
  }
  if (typeof c === 'boolean') return { error: 'expected a candidate number, not TRUE/FALSE' };
  // Undo the neutralising examctl's own exports apply ('-103 was written for -103).
  const t = c.trim();
  return /^'[=+\-@\t\r]/.test(t) ? t.slice(1) : t;
}

/**
 * The test's candidates by number, read lean (no joins, no sort, no object per candidate): on a
 * 100,000-candidate test the full listCandidates cost a third of the whole check.
 */
function candidatesByNumber(db: Db, examId: number): Map<string, LeanCandidate> {
  const rows = leanCandidatesOfExam(db, examId);
  const map = new Map<string, LeanCandidate>();
  for (const r of rows) map.set(r[1], r);
  return map;
}

/**
 * Begins a grade import's write transaction, and its largest read (the test's candidates), before
 * its file is read: on a server they run while the file is read, and the import then takes them
 * up (the write lock is held from now, so what the rows are checked against is what they will be
 * written against). On SQLite nothing happens until the import itself.
 */
export function beginGradeImportAhead(db: Db, exam: Exam): void {
  db.writeAhead?.([leanCandidatesAhead(exam.id)]);
}

/** Who may import grades on the test: its planners and graders. Checked before the file is read, and again in the import. */
export function requireGradeImporter(db: Db, actor: User, exam: Exam): void {
  requireExamRole(db, actor, exam, ['planner', 'grader'], `import grades on test ${exam.code}`);
}

/** Everything one row's check reads, and what the checks so far have found. */
interface RowCheck {
  exam: Exam;
  sheet: Sheet<ColumnKey>;
  table: Table;
  cols: Columns<ColumnKey>;
  candidates: Map<string, LeanCandidate>;
  committeeNames: Map<number, string>;
  grades: Map<number, GradeRecord>;
  marks: Map<number, GradeState & { source: string; batchId: number | null }>;
  /** A grader's own committees; null for a planner, who may import for anyone. */
  myCommittees: Map<number, string> | null;
  targetOf: (committeeId: number | null) => Target;
  /** Whether the actor's rows may be its private marks (private marking, a grader). */
  toMarks: boolean;
  ungraded: string;
  /** Registered numbers with leading zeros by their numeric form, built on the first numeric miss. */
  byNumericForm?: Map<string, string>;
  seen: Map<string, number>;
}

type Problem = { key: ColumnKey; message: string; kind?: ImportIssue['kind'] };
type RowOutcome = Outcome<Write, ImportIssue>;

/**
 * The candidate a row is for, or the problems of its candidate cell. A number shown with leading
 * zeros by its format (1 as 0001) is the number shown where that is registered, else the number.
 */
function rowCandidate(rc: RowCheck, r: number, cells: Cell[]): { number: string; cand?: LeanCandidate; problems: Problem[] } {
  const ci = rc.cols.index.candidate!;
  const raw = cells[ci];
  const number = candidateKey(raw);
  if (typeof number !== 'string') return { number: '', problems: [{ key: 'candidate', message: number.error }] };
  if (number === '') return { number, problems: [] };
  const odd = typeof raw === 'string' ? strangeCharacter(raw, true) : null;
  if (odd) return { number, problems: [{ key: 'candidate', message: invisibleMessage(odd, 'a candidate number') }] };
  const padded = rc.table.shown.size > 0 ? rc.table.shown.get(cellKey(r, ci)) : undefined;
  if (padded?.kind === 'padded' && rc.candidates.has(padded.text)) return { number: padded.text, cand: rc.candidates.get(padded.text), problems: [] };
  const cand = rc.candidates.get(number);
  if (cand) return { number, cand, problems: [] };
  rc.byNumericForm ??= new Map([...rc.candidates.keys()].filter((k) => /^0+\d/.test(k)).map((k) => [k.replace(/^0+(?=\d)/, ''), k]));
  // A spreadsheet turns 0106 typed or opened from a CSV into the number 106 (named, never matched).
  const zeros = typeof raw === 'number' ? rc.byNumericForm.get(number) : undefined;
  return {
    number,
    problems: [
      {
        key: 'candidate',
        message:
          `expected a candidate number registered on test ${rc.exam.code}: there is no candidate ${padded?.kind === 'padded' ? `${padded.text} or ${number}` : number}` +
          (zeros ? ` (candidate ${zeros} is: the cell holds the number ${number}, which drops leading zeros; type ${zeros} into a cell formatted as text)` : ''),
      },
    ],
  };
}

function invisibleMessage(odd: string, what: string): string {
  return `expected ${what}; the cell holds ${odd}, a character that cannot be seen or only looks like a letter, digit or minus: retype the value`;
}

/** What is wrong with a grade or points cell before the scale reads it: a spreadsheet error, a date, a hidden character. */
function cellProblem(rc: RowCheck, r: number, key: 'grade' | 'points'): Problem | null {
  const i = rc.cols.index[key];
  if (i === undefined) return null;
  const v = rc.table.rows[r]?.[i];
  if (rc.table.shown.size > 0 && rc.table.shown.get(cellKey(r, i))?.kind === 'date') {
    return { key, message: `expected ${key === 'grade' ? 'a grade' : 'points'}, not a date or a time (the cell is formatted as one)` };
  }
  if (typeof v !== 'string') return null;
  if (isErrorText(v) && rc.table.format !== 'csv') {
    return { key, message: `the cell shows the spreadsheet error ${v} (its formula failed): correct the formula or type the value` };
  }
  const odd = strangeCharacter(v, true);
  return odd ? { key, message: invisibleMessage(odd, key === 'grade' ? 'a grade' : 'points') } : null;
}

/** The rights of the actor over a candidate's committee: a grader imports for its own committees only. */
function committeeProblem(rc: RowCheck, number: string, committeeId: number | null): Problem | null {
  if (!rc.myCommittees || (committeeId !== null && rc.myCommittees.has(committeeId))) return null;
  const yours = [...rc.myCommittees.values()].join(', ') || 'none';
  return {
    key: 'candidate',
    message:
      committeeId === null
        ? `candidate ${number} is in no committee, so only a planner may grade it (your committees: ${yours})`
        : `candidate ${number} is in committee ${rc.committeeNames.get(committeeId)}, not one of yours (${yours})`,
  };
}

function problemsAt(rc: RowCheck, r: number, problems: Problem[]): RowOutcome {
  return hasIssues(problems.map((p): ImportIssue => ({ ...rc.sheet.issue(r, p.key, p.message), kind: p.kind ?? 'invalid' })));
}

/** One row: every problem it has is reported; a row without any becomes a write, or is counted. */
function checkRow(rc: RowCheck, r: number): RowOutcome {
  const cells = rc.table.rows[r] ?? [];
  const { grade: gi, points: pi } = rc.cols.index;
  const gCell = gi === undefined ? null : cells[gi];
  const pCell = pi === undefined ? null : cells[pi];
  const hasValue = !isEmptyValue(gCell) || !isEmptyValue(pCell);
  const who = rowCandidate(rc, r, cells);
  const problems = [...who.problems];
  if (who.number === '' && !problems.length) {
    return hasValue ? problemsAt(rc, r, [{ key: 'candidate', message: 'expected the candidate number this grade is for; the cell is empty' }]) : SKIPPED;
  }
  const cand = who.cand;
  if (cand) {
    const first = rc.seen.get(cand[1]);
    if (first !== undefined) problems.push({ key: 'candidate', message: `expected each candidate once: candidate ${cand[1]} is listed on row ${first} too` });
    else rc.seen.set(cand[1], rc.sheet.rowNumber(r));
    const theirs = hasValue ? committeeProblem(rc, cand[1], cand[3]) : null;
    if (theirs) problems.push(theirs);
  }
  if (!hasValue) return problems.length ? problemsAt(rc, r, problems) : EMPTY;
  const valueKey: ColumnKey = !isEmptyValue(gCell) ? 'grade' : 'points';
  const gradeIssue = cellProblem(rc, r, 'grade');
  const pointsIssue = cellProblem(rc, r, 'points');
  if (gradeIssue) problems.push(gradeIssue);
  if (pointsIssue) problems.push(pointsIssue);
  const why = cand ? whyNoGrade(rc.exam, cand[2]) : null;
  if (why) problems.push({ key: valueKey, message: `expected an empty cell: candidate ${cand![1]} may not get a grade (${why})` });
  if (gradeIssue || pointsIssue || why) return problemsAt(rc, r, problems);
  return resolveRow(rc, r, cand, who.number, gCell, pCell, valueKey, problems);
}

function resolveRow(
  rc: RowCheck,
  r: number,
  cand: LeanCandidate | undefined,
  number: string,
  gCell: Cell | undefined,
  pCell: Cell | undefined,
  valueKey: ColumnKey,
  problems: Problem[],
): RowOutcome {
  const record = cand ? rc.grades.get(cand[0]) : undefined;
  const target = rc.targetOf(cand?.[3] ?? null);
  const currentFull = !cand ? undefined : target.kind === 'mark' ? rc.marks.get(cand[0]) : record;
  const current: GradeState | null = currentFull ? { grade: currentFull.grade, points: currentFull.points, derived: currentFull.derived } : null;
  const res = resolveValue(rc.exam, current, gCell, pCell, { keepPoints: true, ungradedMessage: rc.ungraded });
  if (res.kind === 'error') {
    const raw = res.column === 'grade' ? gCell : pCell;
    const formula = typeof raw === 'string' && raw.startsWith('=') && rc.table.format !== 'csv';
    problems.push({
      key: res.column,
      message: formula ? `${res.message} (the cell holds a formula with no saved value: open and save the file in Excel or LibreOffice, or type the value)` : res.message,
    });
  }
  if (problems.length || !cand) return problemsAt(rc, r, problems);
  if (res.kind === 'error') return SKIPPED;
  if (res.kind === 'empty') return EMPTY;
  if (sameState(current, res.state)) return UNCHANGED;
  if (record?.confirmed) {
    return problemsAt(rc, r, [
      {
        key: valueKey,
        message: `expected no change: the grade of candidate ${number} is confirmed (${showState(record)}); a planner must reopen it (grades reopen) before a file can change it`,
        kind: 'confirmed',
      },
    ]);
  }
  const write: Write = {
    number,
    candidateId: cand[0],
    state: res.state,
    target,
    old: current,
    new: res.state,
    oldSource: currentFull?.source ?? null,
    oldBatch: currentFull?.batchId ?? null,
  };
  return current ? isChanged(write) : isNew(write);
}

/** The columns of a grades file: the candidate number, and a grade or points column beside it. */
function gradeSheet(exam: Exam, table: Table, o: ImportOptions): Sheet<ColumnKey> {
  const overrides = o.columns ?? {};
  const specs = IMPORT_COLUMNS.map((s) => (overrides[s.key] ? { ...s, required: true } : s));
  const sheet = openSheet(table, specs, overrides);
  const cols = sheet.cols;
  if (cols.index.grade === undefined && cols.index.points === undefined) {
    const wanted = exam.scale === 'points' ? 'a points column ("points" or "poeng")' : 'a grade column ("grade" or "karakter")';
    throw new ValidationError(`${table.file}: the header row (row ${cols.headerRow + table.rowOffset + 1}) has no grade or points column`, [
      {
        file: table.file,
        sheet: table.sheet,
        row: cols.headerRow + table.rowOffset + 1,
        column: null,
        value: (table.rows[cols.headerRow] ?? []).map(cellText).join(', '),
        message: `expected ${wanted} beside the candidate number` + (table.pickColumn ? `; or ${table.pickColumn('grade')}` : ''),
      },
    ]);
  }
  return sheet;
}

/**
 * What the rows are checked against, read now: the test as it stands (thresholds, marking and
 * status rules), its candidates, grades and the actor's own marks, and the actor's rights.
 */
function loadRowCheck(db: Db, actor: User, examAsGiven: Exam, sheet: Sheet<ColumnKey>): RowCheck {
  const exam = findExamById(db, examAsGiven.id) ?? examAsGiven;
  requireGradeImporter(db, actor, exam);
  const planner = actsAs(db, actor, exam, 'planner');
  const graded = new Map(actsAs(db, actor, exam, 'grader') ? graderCommittees(db, actor.id, exam.id).map((c) => [c.id, c.name]) : []);
  const markTarget: Target = { kind: 'mark', graderId: actor.id };
  const sharedTarget: Target = { kind: 'shared' };
  const toMarks = exam.marking === 'private' && (!planner || graded.size > 0);
  const marks = new Map<number, GradeState & { source: string; batchId: number | null }>();
  if (toMarks) for (const m of readMarksOfExam(db, exam.id)) if (m.graderId === actor.id) marks.set(m.candidateId, m);
  return {
    exam,
    sheet,
    table: sheet.table,
    cols: sheet.cols,
    candidates: candidatesByNumber(db, exam.id),
    committeeNames: committeeNamesOfExam(db, exam.id),
    grades: readGradesOfExam(db, exam.id),
    marks,
    // A grader may only import for its own committees; a planner for anyone.
    myCommittees: planner ? null : graded,
    // As writeTarget: in private marking the rows of the actor's own committees are its private marks
    // (a planner who also grades included), every other row the grade of record.
    targetOf: (committeeId) => (exam.marking === 'private' && (!planner || (committeeId !== null && graded.has(committeeId))) ? markTarget : sharedTarget),
    toMarks,
    ungraded: exam.ungradedPart ? ungradedPartMessage(db, exam) : '',
    seen: new Map(),
  };
}

/** The report of a check: the documented document, with the plan id a dry run prints. */
function reportOf(db: Db, rc: RowCheck, checked: Checked<Write, ImportIssue>, o: ImportOptions): ImportReport {
  const { writes, issues: errors } = checked;
  const sameFileBatches = batchesOfFile(db, rc.exam.id, rc.table.sha256);
  return {
    batch: null,
    dryRun: Boolean(o.dryRun),
    counts: checked.counts,
    changes: writes.map((w) => ({ candidate: w.number, old: w.old?.grade ?? null, new: w.new.grade, oldPoints: w.old?.points ?? null, newPoints: w.new.points })),
    errors,
    // Only a dry run, or a run that must match one, needs the plan id.
    planId: errors.length || !(o.dryRun || o.planId !== undefined) ? null : planIdOf(rc.exam, rc.table.sha256, writes),
    sameFileBatches,
    target: rc.toMarks && writes.every((w) => w.target.kind === 'mark') ? 'marks' : 'grades',
    file: rc.table.file,
    sheet: rc.table.sheet,
    sha256: rc.table.sha256,
  };
}

/**
 * The plan id: a short hash of the file's bytes and of every grade the import would write, as it
 * stands now and as it would become. Equal ids mean the same file would make the same changes.
 */
function planIdOf(exam: Exam, sha256: string, writes: Write[]): string {
  const h = crypto.createHash('sha256');
  h.update(`${exam.id}\n${sha256}\n`);
  for (const w of writes) {
    const to = w.target.kind === 'mark' ? w.target.graderId : 'shared';
    h.update(`${w.candidateId}|${to}|${showState(w.old)}|${showState(w.new)}|${w.old?.derived ?? ''}\n`);
  }
  return h.digest('hex').slice(0, 10);
}

function refuse(report: ImportReport): never {
  const invalid = report.errors.filter((e) => e.kind === 'invalid').length;
  const confirmed = report.errors.length - invalid;
  const file = path.basename(report.file);
  if (invalid === 0) {
    throw new ImportConflict(
      report,
      `${file}: refused: it would change ${confirmed} confirmed grade(s); nothing imported`,
      report.errors.map((i) => formatIssue(i)),
    );
  }
  const also = confirmed ? ` (${confirmed} of them changes to confirmed grades)` : '';
  throw new ImportRefused(report, `${file}: ${report.errors.length} error(s)${also}; nothing imported`);
}

/** What changed between the reviewed dry run and now, for a refused `--plan`. */
function explainPlanDrift(db: Db, exam: Exam, planId: string, now: { report: ImportReport; writes: Write[] }): string[] {
  const was = findImportPlan(db, exam.id, planId);
  if (!was) return [`no dry run of test ${exam.code} printed plan id ${planId}: run a dry run of the import again and review it`];
  const lines: string[] = [];
  if (was.sha256 !== now.report.sha256) lines.push(`the file's content changed since the dry run (it was ${was.file}, SHA-256 ${was.sha256.slice(0, 12)}…)`);
  const before = new Map(was.changes.map(([c, o, n]) => [c, `${o} → ${n}`]));
  const after = new Map(now.writes.map((w) => [w.number, `${showState(w.old)} → ${showState(w.new)}`]));
  for (const [c, plan] of before) {
    const cur = after.get(c);
    if (cur === undefined) lines.push(`candidate ${c}: the dry run would change ${plan}; now it would change nothing (changed since)`);
    else if (cur !== plan) lines.push(`candidate ${c}: the dry run would change ${plan}; now it would change ${cur}`);
  }
  for (const [c, cur] of after) if (!before.has(c)) lines.push(`candidate ${c}: not changed by the dry run; now it would change ${cur}`);
  if (lines.length === 0) lines.push('the grades the file touches changed since the dry run');
  return lines;
}

/** The rule of `grades import`: each row's grade or points against the grades as they stand. */
function gradeRule(actor: User, exam: Exam, o: ImportOptions): ImportRule<ColumnKey, RowCheck, Write, ImportIssue, ImportReport> {
  return {
    strangeCharacters: false,
    // 100,000 rows are checked once, inside the write (a dry run checks them outside it).
    precheck: false,
    load: (db, sheet) => loadRowCheck(db, actor, exam, sheet),
    check: checkRow,
    dryRun: (db, rc, checked) => {
      const report = reportOf(db, rc, checked, o);
      if (report.errors.length) return report;
      // The reviewed plan is logged (and nothing else written) so that --plan can say what changed since.
      const fileName = path.basename(rc.table.file);
      writeTx(db, () =>
        recordEvent(db, {
          actorId: actor.id,
          kind: 'grades.import.plan',
          at: o.now.toISOString(),
          examId: exam.id,
          subject: fileName,
          new: {
            plan: report.planId,
            file: fileName,
            sha256: rc.table.sha256,
            counts: report.counts,
            changes: checked.writes.map((w) => [w.number, showState(w.old), showState(w.new)]),
          },
        }),
      );
      return report;
    },
    refuse: (db, rc, checked) => refuse(reportOf(db, rc, checked, o)),
    write: (db, rc, checked) => writeGrades(db, actor, exam, rc, checked, o),
  };
}

/** Inside the transaction: the plan id still the dry run's, then one batch and its event. */
function writeGrades(db: Db, actor: User, exam: Exam, rc: RowCheck, checked: Checked<Write, ImportIssue>, o: ImportOptions): ImportReport {
  const report = reportOf(db, rc, checked, o);
  const at = o.now.toISOString();
  const table = rc.table;
  const fileName = path.basename(table.file);
  if (o.planId !== undefined && o.planId !== report.planId) {
    const drift = explainPlanDrift(db, exam, o.planId, { report, writes: checked.writes });
    // Each difference is one error of the --json document, so a script sees why as well as a person.
    const errors: ImportIssue[] = drift.map((message) => ({
      file: table.file,
      sheet: table.sheet,
      row: null,
      column: null,
      value: null,
      message,
      kind: 'confirmed',
    }));
    throw new ImportConflict(
      { ...report, errors, counts: { ...report.counts, errors: errors.length } },
      `${fileName}: refused: the file or the grades it touches changed since the dry run with plan ${o.planId}; nothing imported`,
      drift,
    ).withFixes([{ act: 'dry-run-import', test: exam.code }]);
  }
  const batchId = insertBatch(db, { examId: exam.id, kind: 'import', fileName, sha256: table.sha256, actorId: actor.id, at, counts: { ...report.counts } });
  writeBatch(db, batchId, checked.writes, { source: 'import', actorId: actor.id, at }, o.onProgress && ((done, total) => o.onProgress!('write', done, total)));
  recordEvent(db, {
    actorId: actor.id,
    kind: 'grades.import',
    at,
    examId: exam.id,
    subject: fileName,
    new: { batch: batchId, file: fileName, sha256: table.sha256, target: report.target, counts: report.counts },
  });
  return { ...report, batch: batchId };
}

/**
 * Imports (or with dryRun, plans) a table of grades into a test. A refused file throws
 * ImportRefused (exit 2) or ImportConflict (exit 5) carrying the full report; nothing is written.
 */
export function importGrades(db: Db, actor: User, exam: Exam, table: Table, o: ImportOptions): ImportReport {
  requireGradeImporter(db, actor, exam);
  const sheet = gradeSheet(exam, table, o);
  return runImport(db, sheet, gradeRule(actor, exam, o), { dryRun: Boolean(o.dryRun), beforeCommit: o.beforeCommit, onProgress: o.onProgress });
}
