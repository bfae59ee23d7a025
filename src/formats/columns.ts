import { ValidationError, type Issue } from '../errors.js';
import { columnLetter, type Cell, type Table } from './tabular.js';

/** A column an import looks for: found by any of its header names, English or Norwegian. */
export interface ColumnSpec<K extends string = string> {
  key: K;
  /** Header texts that name this column; compared after normalise(). */
  headers: string[];
  required?: boolean;
}

export interface Columns<K extends string> {
  /** 0-based index into table.rows of the header row. */
  headerRow: number;
  /** 0-based column index of each key found. */
  index: Partial<Record<K, number>>;
  /** The header text as written in the file, per key. */
  header: Partial<Record<K, string>>;
}

/** Case-, space- and punctuation-insensitive: "Kandidat-nummer " matches "kandidatnummer". */
export function normalise(h: unknown): string {
  return String(h ?? '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s_\-.:()/#]+/g, '');
}

/** How far down a header row is looked for (a title line or two above it is allowed). */
const HEADER_SEARCH_ROWS = 20;

/**
 * Finds the header row (the first among the first rows that names every required column) and the
 * columns in it. `override` names a column by its header text, as a flag like --grade-column does.
 */
export function findColumns<K extends string>(
  table: Table,
  specs: ColumnSpec<K>[],
  override: Partial<Record<K, string>> = {},
): Columns<K> {
  const names = (s: ColumnSpec<K>) => (override[s.key] ? [override[s.key]!] : s.headers).map(normalise);
  const limit = Math.min(table.rows.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r++) {
    const row = table.rows[r] ?? [];
    const normRow = row.map(normalise);
    const index: Partial<Record<K, number>> = {};
    const header: Partial<Record<K, string>> = {};
    for (const s of specs) {
      const wanted = names(s);
      const at = normRow.findIndex((h) => h !== '' && wanted.includes(h));
      if (at >= 0) {
        index[s.key] = at;
        header[s.key] = String(row[at]);
      }
    }
    if (specs.every((s) => !s.required || index[s.key] !== undefined) && Object.keys(index).length > 0) {
      return { headerRow: r, index, header };
    }
  }
  const missing = specs.filter((s) => s.required);
  const first = table.rows.find((row) => row.some((c) => c !== null && c !== ''));
  throw new ValidationError(`${table.file}: no header row with the required columns found in the first ${HEADER_SEARCH_ROWS} rows`, [
    {
      file: table.file,
      sheet: table.sheet,
      row: null,
      column: null,
      message:
        `expected a header row naming ${missing.map((s) => names(s).length === 1 && override[s.key] ? `"${override[s.key]}"` : `"${s.headers[0]}"`).join(', ')}` +
        ` (also accepted: ${missing.map((s) => s.headers.slice(1).join(', ')).filter(Boolean).join('; ')})` +
        (first ? `; the first non-empty row reads: ${first.map((c) => JSON.stringify(c ?? '')).join(', ')}` : '; the sheet is empty'),
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
    value: i === undefined ? null : cellText(row.cells[i]),
    message,
  };
}
