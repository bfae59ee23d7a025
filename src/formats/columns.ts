import { ValidationError, type Issue } from '../errors.js';
import { columnLetter, listSheets, type Cell, type Table } from './tabular.js';
import { shownValue, strangeCharacter } from './cells.js';

/** A column an import looks for: found by any of its header names, English or Norwegian. */
export interface ColumnSpec<K extends string = string> {
  key: K;
  /** Header texts that name this column; compared after normalise(). */
  headers: string[];
  required?: boolean;
  /**
   * A code, number or keyword (username, candidate number, role), not free text: a character that
   * only looks like an ASCII letter or digit is refused in it, as an invisible one is in every column.
   */
  plain?: boolean;
}

export interface Columns<K extends string> {
  /** 0-based index into table.rows of the header row. */
  headerRow: number;
  /** 0-based column index of each key found. */
  index: Partial<Record<K, number>>;
  /** The header text as written in the file, per key. */
  header: Partial<Record<K, string>>;
}

/**
 * Case-, space- and punctuation-insensitive, a parenthesised or bracketed suffix dropped:
 * "Kand.nr." is "kandnr", "Karakter (A–F)" and "Grade [A-F]" are "karakter" and "grade".
 */
export function normalise(h: unknown): string {
  return String(h ?? '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/(\s*(\([^()]*\)|\[[^\[\]]*\]))+\s*$/u, '')
    .replace(/[\s\p{P}\p{S}\u200b-\u200d\u2060\ufeff]+/gu, '');
}

/** How far down a header row is looked for (a title line or two above it is allowed). */
const HEADER_SEARCH_ROWS = 20;

/** `D (Endelig karakter)`: a column as the spreadsheet shows it, with its header. */
const labelAt = (table: Table, row: Cell[], i: number) => `${columnLetter(i + table.colOffset)} (${cellText(row[i])})`;

/** A column named by its header text or, when no header reads so, by its letter (`D`). */
function columnsNamed(table: Table, row: Cell[], named: string): number[] {
  const want = normalise(named);
  const byHeader = row.flatMap((h, i) => (normalise(h) === want && want !== '' ? [i] : []));
  if (byHeader.length || !/^[A-Za-z]{1,3}$/.test(named.trim())) return byHeader;
  let n = 0;
  for (const ch of named.trim().toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  const i = n - 1 - table.colOffset;
  return i >= 0 ? [i] : [];
}

function matchesOf<K extends string>(table: Table, row: Cell[], s: ColumnSpec<K>, override: Partial<Record<K, string>>): number[] {
  const named = override[s.key];
  if (named) return columnsNamed(table, row, named);
  const wanted = new Set(s.headers.map(normalise));
  return row.flatMap((h, i) => {
    const n = normalise(h);
    return n !== '' && wanted.has(n) ? [i] : [];
  });
}

const pickHint = (table: Table, key: string) => (table.pickColumn ? `; ${table.pickColumn(key)}` : '');

/**
 * Finds the header row (the first among the first rows that names every required column) and the
 * columns in it. `override` names a column by its header text or letter, as --grade-column does.
 * Two columns that both name one thing (two grade columns, a second block of candidate numbers)
 * are refused with both named: reading either in silence could read the wrong grades.
 */
export function findColumns<K extends string>(
  table: Table,
  specs: ColumnSpec<K>[],
  given: Partial<Record<K, string>> = {},
): Columns<K> {
  const named = table.columns ?? {};
  const unknown = Object.keys(named).filter((k) => !specs.some((s) => s.key === k));
  if (unknown.length) {
    throw new ValidationError(
      `${table.file}: no column field ${unknown.map((k) => `"${k}"`).join(', ')} in this import; the fields are: ${specs.map((s) => s.key).join(', ')}`,
    );
  }
  const override = { ...named, ...given } as Partial<Record<K, string>>;
  const limit = Math.min(table.rows.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r++) {
    const row = table.rows[r] ?? [];
    const found = specs.map((s) => [s, matchesOf(table, row, s, override)] as const);
    if (!found.every(([s, at]) => !s.required || at.length > 0) || !found.some(([, at]) => at.length > 0)) continue;
    const ambiguous = found.filter(([, at]) => at.length > 1);
    if (ambiguous.length) refuseAmbiguous(table, r, row, ambiguous, override);
    const index: Partial<Record<K, number>> = {};
    const header: Partial<Record<K, string>> = {};
    for (const [s, at] of found) {
      if (!at.length) continue;
      index[s.key] = at[0]!;
      header[s.key] = cellText(row[at[0]!]);
      if (override[s.key]) noteIgnored(table, row, s, at[0]!);
    }
    noteHiddenRows(table, r);
    return { headerRow: r, index, header };
  }
  refuseNoHeader(table, specs, override);
}

function refuseAmbiguous<K extends string>(
  table: Table,
  r: number,
  row: Cell[],
  ambiguous: (readonly [ColumnSpec<K>, number[]])[],
  override: Partial<Record<K, string>>,
): never {
  const rowNumber = r + table.rowOffset + 1;
  const issues: Issue[] = ambiguous.map(([s, at]) => ({
    file: table.file,
    sheet: table.sheet,
    row: rowNumber,
    column: null,
    message:
      `expected one ${s.key} column; columns ${at.map((i) => labelAt(table, row, i)).join(' and ')} all name the ${s.key}` +
      (override[s.key] ? ': name the one to read by its column letter' : ': name the one to read') +
      pickHint(table, s.key),
  }));
  throw new ValidationError(`${table.file}: the header row (row ${rowNumber}) names the same thing in more than one column; nothing read`, issues);
}

/** With a column named, the others that would have matched are ignored, and the user told so. */
function noteIgnored<K extends string>(table: Table, row: Cell[], s: ColumnSpec<K>, chosen: number): void {
  const wanted = new Set(s.headers.map(normalise));
  const others = row.flatMap((h, i) => (i !== chosen && wanted.has(normalise(h)) ? [labelAt(table, row, i)] : []));
  if (others.length) {
    table.notes.push(`${table.file}: reading the ${s.key} from column ${labelAt(table, row, chosen)}; ignored: ${others.join(', ')}`);
  }
}

function noteHiddenRows(table: Table, headerRow: number): void {
  const first = headerRow + table.rowOffset + 1;
  const hidden = table.hiddenRows.filter((n) => {
    const cells = table.rows[n - table.rowOffset - 1];
    return n > first && cells?.some((c) => c !== null && c !== '');
  });
  if (!hidden.length) return;
  const list = hidden.length > 10 ? `${hidden.slice(0, 10).join(', ')} and ${hidden.length - 10} more` : hidden.join(', ');
  table.notes.push(
    `${table.file}${table.sheet ? `, sheet ${table.sheet}` : ''}: row(s) ${list} are hidden in the sheet (a filter?); they are read like every other row`,
  );
}

function refuseNoHeader<K extends string>(table: Table, specs: ColumnSpec<K>[], override: Partial<Record<K, string>>): never {
  const missing = specs.filter((s) => s.required);
  const first = table.rows.find((row) => row.some((c) => c !== null && c !== ''));
  const wanted = missing.map((s) => (override[s.key] ? `"${override[s.key]}"` : `"${s.headers[0]}"`)).join(', ');
  const also = missing.map((s) => (override[s.key] ? '' : s.headers.slice(1).join(', '))).filter(Boolean).join('; ');
  const sheets = table.sheets.length > 1 ? `; the workbook's sheets are: ${listSheets(table.sheets)}` : '';
  const pick = table.pickColumn ? `; or ${missing.map((s) => table.pickColumn!(s.key)).join(', ')}` : '';
  throw new ValidationError(`${table.file}: no header row with the required columns found in the first ${HEADER_SEARCH_ROWS} rows`, [
    {
      file: table.file,
      sheet: table.sheet,
      row: null,
      column: null,
      message:
        `expected a header row naming ${wanted}${also ? ` (also accepted: ${also})` : ''}` +
        (first ? `; the headers seen read: ${first.map((c) => JSON.stringify(shownValue(cellText(c)))).join(', ')}` : '; the sheet is empty') +
        pick +
        sheets,
    },
  ]);
}

export interface DataRow {
  /** The row number as the spreadsheet program shows it (1-based, offsets applied). */
  rowNumber: number;
  cells: Cell[];
}

/** The rows under the header, with their spreadsheet numbers, skipping rows with nothing in them. */
export function dataRows(table: Table, headerRow: number): DataRow[] {
  const out: DataRow[] = [];
  for (let r = headerRow + 1; r < table.rows.length; r++) {
    const cells = table.rows[r] ?? [];
    if (cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''))) continue;
    out.push({ rowNumber: r + table.rowOffset + 1, cells });
  }
  return out;
}

/** "B (grade)": the column letter as the spreadsheet shows it, with the header found there. */
export function columnLabel<K extends string>(table: Table, cols: Columns<K>, key: K): string {
  const i = cols.index[key];
  if (i === undefined) return key;
  return `${columnLetter(i + table.colOffset)} (${cols.header[key]})`;
}

/** A cell as text: numbers as written without a trailing .0 (101.0 → "101"), nothing as "". */
export function cellText(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  return String(c);
}

/**
 * Every cell of the found columns that holds a character a person cannot see (or, in a plain
 * column, one that only looks like a letter or digit), named by its code point: one rule for every
 * import, reported beside the import's own problems with the row.
 */
export function strangeCharacterIssues<K extends string>(table: Table, cols: Columns<K>, specs: ColumnSpec<K>[]): Issue[] {
  const issues: Issue[] = [];
  for (const row of dataRows(table, cols.headerRow)) {
    for (const s of specs) {
      const i = cols.index[s.key];
      const v = i === undefined ? undefined : row.cells[i];
      if (typeof v !== 'string') continue;
      const odd = strangeCharacter(v, Boolean(s.plain));
      if (odd) {
        issues.push(
          issueAt(table, cols, row, s.key, `the cell holds ${odd}, a character that cannot be seen or only looks like a letter or digit: retype the value`),
        );
      }
    }
  }
  return issues;
}

/** Builds an Issue located at a row and column of the table. */
export function issueAt<K extends string>(
  table: Table,
  cols: Columns<K>,
  row: DataRow,
  key: K,
  message: string,
): Issue {
  const i = cols.index[key];
  return {
    file: table.file,
    sheet: table.sheet,
    row: row.rowNumber,
    column: columnLabel(table, cols, key),
    value: i === undefined ? null : shownValue(cellText(row.cells[i])),
    message,
  };
}
