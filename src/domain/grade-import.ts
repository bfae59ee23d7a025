import crypto from 'node:crypto';
import path from 'node:path';
import type { Db } from '../db/open.js';
import { writeTx } from '../db/open.js';
import { ConflictError, ValidationError, formatIssue, type Issue } from '../errors.js';
import { cellText, columnLabel, findColumns, type ColumnSpec, type Columns } from '../formats/columns.js';
import type { Cell, Table } from '../formats/tabular.js';
import { actsAs, graderCommittees, requireExamRole } from './access.js';
import { whyNoGrade, type Candidate } from './candidates.js';
import { recordEvent } from './events.js';
import { findExamById, type Exam } from './exams.js';
import { readGradesOfExam, readMarksOfExam, sameState, type GradeRecord, type GradeState, type Target } from './grade-store.js';
import { isEmptyValue, resolveValue, showState, ungradedPartMessage } from './grades.js';
import { writeBatch } from './batches.js';
import type { User } from './users.js';

/**
 * `grades import` (SPEC §7 rules 1-10): the whole file is read and checked against the grades as
 * they stand, every problem collected, and only then, in one BEGIN IMMEDIATE transaction that
 * re-checks against the state inside it, written as one batch.
 */

export type ColumnKey = 'candidate' | 'grade' | 'points';

export const IMPORT_COLUMNS: ColumnSpec<ColumnKey>[] = [
  {
    key: 'candidate',
    headers: ['candidate number', 'candidate no', 'candidate', 'candidate id', 'kandidatnummer', 'kandidatnr', 'kandidat nr', 'kandidat'],
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

/** What an import did or would do: SPEC §12's document plus a few fields for people. */
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

interface Plan {
  report: ImportReport;
  writes: Write[];
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

/** What the import needs of a candidate, straight from SQLite's row array: id, number, status, committee. */
type LeanCandidate = [id: number, number: string, status: Candidate['status'], committeeId: number | null];

/**
 * The test's candidates by number, read lean (no joins, no sort, no object per candidate): on a
 * 100,000-candidate test the full listCandidates cost a third of the whole check.
 */
function candidatesByNumber(db: Db, examId: number): Map<string, LeanCandidate> {
  const rows = db.prepare('SELECT id, number, status, committee_id FROM candidates WHERE exam_id = ?').raw().all(examId) as LeanCandidate[];
  const map = new Map<string, LeanCandidate>();
  for (const r of rows) map.set(r[1], r);
  return map;
}

/** Who may import grades on the test: its planners and graders. Checked before the file is read, and again in the import. */
export function requireGradeImporter(db: Db, actor: User, exam: Exam): void {
  requireExamRole(db, actor, exam, ['planner', 'grader'], `import grades on test ${exam.code}`);
}

/** Validates the whole table against the state now. Reads only. */
function plan(db: Db, actor: User, exam: Exam, table: Table, o: ImportOptions): Plan {
  requireGradeImporter(db, actor, exam);
  const planner = actsAs(db, actor, exam, 'planner');
  const graded = new Map(actsAs(db, actor, exam, 'grader') ? graderCommittees(db, actor.id, exam.id).map((c) => [c.id, c.name]) : []);
  // A grader may only import for its own committees; a planner for anyone.
  const myCommittees = planner ? null : graded;
  const markTarget: Target = { kind: 'mark', graderId: actor.id };
  const sharedTarget: Target = { kind: 'shared' };
  // As writeTarget: in private marking the rows of the actor's own committees are its private marks
  // (a planner who also grades included), every other row the grade of record.
  const targetOf = (committeeId: number | null): Target =>
    exam.marking === 'private' && (!planner || (committeeId !== null && graded.has(committeeId))) ? markTarget : sharedTarget;
  const toMarks = exam.marking === 'private' && (!planner || graded.size > 0);

  const overrides = o.columns ?? {};
  const specs = IMPORT_COLUMNS.map((s) => (overrides[s.key] ? { ...s, required: true } : s));
  const cols: Columns<ColumnKey> = findColumns(table, specs, overrides);
  if (cols.index.grade === undefined && cols.index.points === undefined) {
    const wanted = exam.scale === 'points' ? 'a points column ("points" or "poeng")' : 'a grade column ("grade" or "karakter")';
    throw new ValidationError(`${table.file}: the header row (row ${cols.headerRow + table.rowOffset + 1}) has no grade or points column`, [
      {
        file: table.file,
        sheet: table.sheet,
        row: cols.headerRow + table.rowOffset + 1,
        column: null,
        value: (table.rows[cols.headerRow] ?? []).map(cellText).join(', '),
        message: `expected ${wanted} beside the candidate number; or name it with --grade-column / --points-column`,
      },
    ]);
  }

  const candidates = candidatesByNumber(db, exam.id);
  const committeeNames = new Map(
    (db.prepare('SELECT id, name FROM committees WHERE exam_id = ?').all(exam.id) as { id: number; name: string }[]).map((c) => [c.id, c.name]),
  );
  const grades = readGradesOfExam(db, exam.id);
  const marks = new Map<number, GradeState & { source: string; batchId: number | null }>();
  if (toMarks) for (const m of readMarksOfExam(db, exam.id)) if (m.graderId === actor.id) marks.set(m.candidateId, m);
  const ungraded = exam.ungradedPart ? ungradedPartMessage(db, exam) : '';

  // The rows under the header with their spreadsheet numbers, blank rows skipped (as dataRows does, without an object per row).
  const rows: Cell[][] = [];
  const rowNumbers: number[] = [];
  for (let r = cols.headerRow + 1; r < table.rows.length; r++) {
    const cells = table.rows[r] ?? [];
    if (cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''))) continue;
    rows.push(cells);
    rowNumbers.push(r + table.rowOffset + 1);
  }
  // Registered numbers with leading zeros by their numeric form, built on the first numeric miss only:
  // a spreadsheet turns 0106 typed or opened from a CSV into the number 106 (named, never matched).
  let byNumericForm: Map<string, string> | undefined;
  const zeroPadded = (n: string): string | undefined => {
    byNumericForm ??= new Map([...candidates.keys()].filter((k) => /^0+\d/.test(k)).map((k) => [k.replace(/^0+(?=\d)/, ''), k]));
    return byNumericForm.get(n);
  };
  const errors: ImportIssue[] = [];
  const changes: ImportChange[] = [];
  const writes: Write[] = [];
  const counts: ImportCounts = { new: 0, changed: 0, unchanged: 0, empty: 0, errors: 0 };
  const seen = new Map<string, number>();
  const gi = cols.index.grade;
  const pi = cols.index.points;
  const ci = cols.index.candidate!;

  const err = (rowNumber: number, cells: Cell[], key: ColumnKey, message: string, kind: ImportIssue['kind'] = 'invalid') => {
    const i = cols.index[key];
    errors.push({
      file: table.file,
      sheet: table.sheet,
      row: rowNumber,
      column: columnLabel(table, cols, key),
      value: i === undefined ? null : cellText(cells[i]),
      message,
      kind,
    });
  };

  const total = rows.length;
  for (let n = 0; n < total; n++) {
    if (o.onProgress && n % 2000 === 0) o.onProgress('check', n, total);
    const rowNumber = rowNumbers[n]!;
    const cells = rows[n]!;
    const gCell = gi === undefined ? null : cells[gi];
    const pCell = pi === undefined ? null : cells[pi];
    const hasValue = !isEmptyValue(gCell) || !isEmptyValue(pCell);
    const number = candidateKey(cells[ci]);
    if (typeof number !== 'string') {
      err(rowNumber, cells, 'candidate', number.error);
      continue;
    }
    if (number === '') {
      if (hasValue) err(rowNumber, cells, 'candidate', 'expected the candidate number this grade is for; the cell is empty');
      continue;
    }
    const cand = candidates.get(number);
    if (!cand) {
      const padded = typeof cells[ci] === 'number' ? zeroPadded(number) : undefined;
      err(
        rowNumber,
        cells,
        'candidate',
        `expected a candidate number registered on test ${exam.code}: there is no candidate ${number}` +
          (padded ? ` (candidate ${padded} is: the cell holds the number ${number}, which drops leading zeros; type ${padded} into a cell formatted as text)` : ''),
      );
      continue;
    }
    const [candidateId, , status, committeeId] = cand;
    const first = seen.get(number);
    if (first !== undefined) {
      err(rowNumber, cells, 'candidate', `expected each candidate once: candidate ${number} is listed on row ${first} too`);
      continue;
    }
    seen.set(number, rowNumber);
    if (myCommittees && hasValue && (committeeId === null || !myCommittees.has(committeeId))) {
      const yours = [...myCommittees.values()].join(', ') || 'none';
      err(
        rowNumber,
        cells,
        'candidate',
        committeeId === null
          ? `candidate ${number} is in no committee, so only a planner may grade it (your committees: ${yours})`
          : `candidate ${number} is in committee ${committeeNames.get(committeeId)}, not one of yours (${yours})`,
      );
      continue;
    }
    if (!hasValue) {
      counts.empty++;
      continue;
    }
    const valueKey: ColumnKey = !isEmptyValue(gCell) ? 'grade' : 'points';
    const why = whyNoGrade(exam, status);
    if (why) {
      err(rowNumber, cells, valueKey, `expected an empty cell: candidate ${number} may not get a grade (${why})`);
      continue;
    }
    const record: GradeRecord | undefined = grades.get(candidateId);
    const target = targetOf(committeeId);
    const currentFull = target.kind === 'mark' ? marks.get(candidateId) : record;
    const current: GradeState | null = currentFull
      ? { grade: currentFull.grade, points: currentFull.points, derived: currentFull.derived }
      : null;
    const r = resolveValue(exam, current, gCell, pCell, { keepPoints: true, ungradedMessage: ungraded });
    if (r.kind === 'error') {
      const raw = r.column === 'grade' ? gCell : pCell;
      const formula = typeof raw === 'string' && raw.startsWith('=') && table.format !== 'csv';
      err(rowNumber, cells, r.column, formula ? `${r.message} (the cell holds a formula with no saved value: open and save the file in Excel or LibreOffice, or type the value)` : r.message);
      continue;
    }
    if (r.kind === 'empty') {
      counts.empty++;
      continue;
    }
    if (sameState(current, r.state)) {
      counts.unchanged++;
      continue;
    }
    if (record?.confirmed) {
      err(
        rowNumber,
        cells,
        valueKey,
        `expected no change: the grade of candidate ${number} is confirmed (${showState(record)}); a planner must reopen it (grades reopen) before a file can change it`,
        'confirmed',
      );
      continue;
    }
    if (current) counts.changed++;
    else counts.new++;
    changes.push({
      candidate: number,
      old: current?.grade ?? null,
      new: r.state.grade,
      oldPoints: current?.points ?? null,
      newPoints: r.state.points,
    });
    writes.push({
      number,
      candidateId,
      state: r.state,
      target,
      old: current,
      new: r.state,
      oldSource: currentFull?.source ?? null,
      oldBatch: currentFull?.batchId ?? null,
    });
  }
  o.onProgress?.('check', total, total);
  counts.errors = errors.length;
  const sameFileBatches = (
    db.prepare('SELECT id FROM batches WHERE exam_id = ? AND sha256 = ? AND undone_at IS NULL ORDER BY id').all(exam.id, table.sha256) as {
      id: number;
    }[]
  ).map((b) => b.id);
  const report: ImportReport = {
    batch: null,
    dryRun: Boolean(o.dryRun),
    counts,
    changes,
    errors,
    // Only a dry run, or a run that must match one, needs the plan id.
    planId: errors.length || !(o.dryRun || o.planId !== undefined) ? null : planIdOf(exam, table.sha256, writes),
    sameFileBatches,
    target: toMarks && writes.every((w) => w.target.kind === 'mark') ? 'marks' : 'grades',
    file: table.file,
    sheet: table.sheet,
    sha256: table.sha256,
  };
  return { report, writes };
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
      report.errors.map(formatIssue),
    );
  }
  const also = confirmed ? ` (${confirmed} of them changes to confirmed grades)` : '';
  throw new ImportRefused(report, `${file}: ${report.errors.length} error(s)${also}; nothing imported`);
}

type PlanDoc = { plan: string; file: string; sha256: string; changes: [string, string, string][] };

/** What changed between the reviewed dry run and now, for a refused `--plan`. */
function explainPlanDrift(db: Db, exam: Exam, planId: string, now: Plan): string[] {
  const ev = db
    .prepare(
      `SELECT new FROM events WHERE kind = 'grades.import.plan' AND exam_id = ? AND json_extract(new, '$.plan') = ? ORDER BY id DESC LIMIT 1`,
    )
    .get(exam.id, planId) as { new: string } | undefined;
  if (!ev) return [`no dry run of test ${exam.code} printed plan id ${planId}: run the import with --dry-run again and review it`];
  const was = JSON.parse(ev.new) as PlanDoc;
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

/**
 * Imports (or with dryRun, plans) a table of grades into a test. A refused file throws
 * ImportRefused (exit 2) or ImportConflict (exit 5) carrying the full report; nothing is written.
 */
export function importGrades(db: Db, actor: User, exam: Exam, table: Table, o: ImportOptions): ImportReport {
  const at = o.now.toISOString();
  const fileName = path.basename(table.file);
  if (o.dryRun) {
    const p = plan(db, actor, exam, table, o);
    if (p.report.errors.length) return p.report;
    // The reviewed plan is logged (and nothing else written) so that --plan can say what changed since.
    writeTx(db, () =>
      recordEvent(db, {
        actorId: actor.id,
        kind: 'grades.import.plan',
        at,
        examId: exam.id,
        subject: fileName,
        new: {
          plan: p.report.planId,
          file: fileName,
          sha256: table.sha256,
          counts: p.report.counts,
          changes: p.writes.map((w) => [w.number, showState(w.old), showState(w.new)]),
        },
      }),
    );
    return p.report;
  }
  return writeTx(db, () => {
    // Thresholds, marking and status rules as they stand inside the lock, not as read before it.
    const current = findExamById(db, exam.id) ?? exam;
    const p = plan(db, actor, current, table, o);
    if (p.report.errors.length) refuse(p.report);
    if (o.planId !== undefined && o.planId !== p.report.planId) {
      const drift = explainPlanDrift(db, exam, o.planId, p);
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
        { ...p.report, errors, counts: { ...p.report.counts, errors: errors.length } },
        `${fileName}: refused: the file or the grades it touches changed since the dry run with plan ${o.planId}; nothing imported`,
        drift,
      );
    }
    const counts = JSON.stringify(p.report.counts);
    const batchId = Number(
      db
        .prepare(`INSERT INTO batches (exam_id, kind, file_name, sha256, actor_id, at, counts) VALUES (?, 'import', ?, ?, ?, ?, ?)`)
        .run(exam.id, fileName, table.sha256, actor.id, at, counts).lastInsertRowid,
    );
    writeBatch(
      db,
      batchId,
      p.writes,
      { source: 'import', actorId: actor.id, at },
      o.onProgress && ((done, total) => o.onProgress!('write', done, total)),
    );
    recordEvent(db, {
      actorId: actor.id,
      kind: 'grades.import',
      at,
      examId: exam.id,
      subject: fileName,
      new: { batch: batchId, file: fileName, sha256: table.sha256, target: p.report.target, counts: p.report.counts },
    });
    o.beforeCommit?.();
    return { ...p.report, batch: batchId };
  });
}
