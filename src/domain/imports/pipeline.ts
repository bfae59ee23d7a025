import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import type { Issue } from '../../errors.js';
import { shownValue } from '../../formats/cells.js';
import { cellText, columnLabel, findColumns, strangeCharacterIssues, type ColumnSpec, type Columns } from '../../formats/columns.js';
import type { Cell, Table } from '../../formats/tabular.js';

/**
 * The one way a file is imported: the columns found by their headers, every row checked against
 * the state into an outcome, one report of them all; then either a dry run, or one write
 * transaction that checks every row again against the state inside it and only then writes.
 * An import supplies its columns and its rule: what it reads, how it checks a row, how it writes.
 */

/** What one row comes to. An `issue` row carries every problem found in it. */
export type Outcome<W, I extends Issue = Issue> =
  | { readonly kind: 'new' | 'changed'; readonly write: W }
  | { readonly kind: 'unchanged'; readonly write?: W }
  /** Nothing to import on the row (counted as empty). */
  | { readonly kind: 'empty' }
  /** A row that is none of the import's business (neither key nor value): not counted. */
  | { readonly kind: 'skipped' }
  | { readonly kind: 'issue'; readonly issues: readonly I[] };

export const UNCHANGED: Outcome<never, never> = { kind: 'unchanged' };
export const EMPTY: Outcome<never, never> = { kind: 'empty' };
export const SKIPPED: Outcome<never, never> = { kind: 'skipped' };

export const isNew = <W>(write: W): Outcome<W, never> => ({ kind: 'new', write });
export const isChanged = <W>(write: W): Outcome<W, never> => ({ kind: 'changed', write });
export const hasIssues = <I extends Issue>(issues: readonly I[]): Outcome<never, I> => ({ kind: 'issue', issues });

export interface Counts {
  new: number;
  changed: number;
  unchanged: number;
  empty: number;
  errors: number;
}

/** The report of one check of the whole file. */
export interface Checked<W, I extends Issue = Issue> {
  counts: Counts;
  /** The new and changed rows' writes, in file order. */
  writes: W[];
  /** The unchanged rows that said what they were, in file order. */
  unchanged: W[];
  /** Every problem, in file order (a character no one can see first, when the import looks for those). */
  issues: I[];
  /** Rows read under the header (blank rows left out). */
  rows: number;
}

const isBlank = (c: Cell | undefined): boolean => c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

/** A table with its columns found: each data row by its index into table.rows. */
export class Sheet<K extends string> {
  /** Indices into table.rows of the rows under the header, blank rows skipped. */
  readonly rows: number[] = [];

  constructor(
    readonly table: Table,
    readonly cols: Columns<K>,
    readonly specs: ColumnSpec<K>[],
  ) {
    for (let r = cols.headerRow + 1; r < table.rows.length; r++) if (!(table.rows[r] ?? []).every(isBlank)) this.rows.push(r);
  }

  /** The row number as the spreadsheet program shows it. */
  rowNumber(r: number): number {
    return r + this.table.rowOffset + 1;
  }

  cell(r: number, key: K): Cell | undefined {
    const i = this.cols.index[key];
    return i === undefined ? undefined : this.table.rows[r]?.[i];
  }

  /** The cell as text, surrounding spaces trimmed; "" for a column the file lacks. */
  text(r: number, key: K): string {
    const i = this.cols.index[key];
    return i === undefined ? '' : cellText(this.table.rows[r]?.[i]).trim();
  }

  /** A problem located at a row and column, with the value the cell shows. */
  issue(r: number, key: K, message: string): Issue {
    const i = this.cols.index[key];
    return {
      file: this.table.file,
      sheet: this.table.sheet,
      row: this.rowNumber(r),
      column: columnLabel(this.table, this.cols, key),
      value: i === undefined ? null : shownValue(cellText(this.table.rows[r]?.[i])),
      message,
    };
  }
}

/** Finds the columns (once per import: it notes what it ignored on the table). */
export function openSheet<K extends string>(table: Table, specs: ColumnSpec<K>[], given: Partial<Record<K, string>> = {}): Sheet<K> {
  return new Sheet(table, findColumns(table, specs, given), specs);
}

/** An import's own part: its state, its row rule, its report and its writes. */
export interface ImportRule<K extends string, S, W, I extends Issue, R> {
  /** Cells with a character no one can see are looked for in every found column before the rows. */
  strangeCharacters: boolean;
  /**
   * Whether the file is checked before the write lock is taken as well as inside it, so that its
   * problems are found without waiting for another writer. A large file is checked once, inside.
   */
  precheck: boolean;
  /** Reads what the rows are checked against: before the transaction, and inside it, where `earlier` is the check made before. */
  load(db: Db, sheet: Sheet<K>, earlier: Checked<W, I> | null): S;
  /** One row, against the state (which the rule may update: a number seen, a role set so far). */
  check(state: S, r: number): Outcome<W, I>;
  /** Problems of the file as a whole, once every row is checked. */
  finish?(state: S, checked: Checked<W, I>): I[];
  /** The answer of a dry run (which may refuse a file with problems); an import without one has none. */
  dryRun?(db: Db, state: S, checked: Checked<W, I>): R;
  /** Refuses a file with problems; `inside` when found by the check inside the write. */
  refuse(db: Db, state: S, checked: Checked<W, I>, inside: boolean): never;
  /** Writes every change, inside the transaction, and answers what was done. */
  write(db: Db, state: S, checked: Checked<W, I>): R;
}

export interface RunOptions {
  dryRun: boolean;
  /** Test hook: runs between the check of the file and the write transaction. */
  beforeWrite?: () => void;
  /** Test hook: runs inside the transaction after every write, before the commit. */
  beforeCommit?: () => void;
  /** Called now and then with rows checked and the total, for a progress bar. */
  onProgress?: (phase: 'check', done: number, total: number) => void;
}

function tally<W, I extends Issue>(checked: Checked<W, I>, o: Outcome<W, I>): void {
  switch (o.kind) {
    case 'new':
      checked.counts.new++;
      checked.writes.push(o.write);
      break;
    case 'changed':
      checked.counts.changed++;
      checked.writes.push(o.write);
      break;
    case 'unchanged':
      checked.counts.unchanged++;
      if (o.write !== undefined) checked.unchanged.push(o.write);
      break;
    case 'empty':
      checked.counts.empty++;
      break;
    case 'issue':
      for (const i of o.issues) checked.issues.push(i);
      break;
    case 'skipped':
      break;
  }
}

/** Checks every row against the state as `load` reads it now. Reads only. */
export function checkAll<K extends string, S, W, I extends Issue, R>(
  db: Db,
  sheet: Sheet<K>,
  rule: ImportRule<K, S, W, I, R>,
  earlier: Checked<W, I> | null,
  onProgress?: RunOptions['onProgress'],
): { state: S; checked: Checked<W, I> } {
  const state = rule.load(db, sheet, earlier);
  const checked: Checked<W, I> = {
    counts: { new: 0, changed: 0, unchanged: 0, empty: 0, errors: 0 },
    writes: [],
    unchanged: [],
    issues: rule.strangeCharacters ? (strangeCharacterIssues(sheet.table, sheet.cols, sheet.specs) as I[]) : [],
    rows: sheet.rows.length,
  };
  const rows = sheet.rows;
  const total = rows.length;
  for (let n = 0; n < total; n++) {
    if (onProgress && n % 2000 === 0) onProgress('check', n, total);
    tally(checked, rule.check(state, rows[n]!));
  }
  onProgress?.('check', total, total);
  if (rule.finish) for (const i of rule.finish(state, checked)) checked.issues.push(i);
  checked.counts.errors = checked.issues.length;
  return { state, checked };
}

/**
 * Runs an import: a dry run answers from one check; otherwise the file is checked (first outside
 * the lock when the rule asks), then inside one BEGIN IMMEDIATE transaction checked again against
 * the state there and written only if no row has a problem. All or nothing.
 */
export function runImport<K extends string, S, W, I extends Issue, R>(db: Db, sheet: Sheet<K>, rule: ImportRule<K, S, W, I, R>, o: RunOptions): R {
  if (o.dryRun) {
    if (!rule.dryRun) throw new Error('this import has no dry run');
    const { state, checked } = checkAll(db, sheet, rule, null, o.onProgress);
    return rule.dryRun(db, state, checked);
  }
  let earlier: Checked<W, I> | null = null;
  if (rule.precheck) {
    const { state, checked } = checkAll(db, sheet, rule, null, o.onProgress);
    if (checked.issues.length) rule.refuse(db, state, checked, false);
    earlier = checked;
  }
  o.beforeWrite?.();
  return writeTx(db, () => {
    const { state, checked } = checkAll(db, sheet, rule, earlier, rule.precheck ? undefined : o.onProgress);
    if (checked.issues.length) rule.refuse(db, state, checked, true);
    const result = rule.write(db, state, checked);
    o.beforeCommit?.();
    return result;
  });
}
