import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { NotFoundError, UsageError, ValidationError } from '../errors.js';
import zlib from 'node:zlib';
import { checkZip, type ZipEntry } from './zip-guard.js';
import { isPercentFormat, percentOf, trimCell, zeroPadWidth } from './cells.js';
import { odsView, xlsxHiddenRows, xlsxView, type SheetView } from './workbook-view.js';

/** A cell as read: text, a number, a boolean, or nothing. */
export type Cell = string | number | boolean | null;

/** A sheet read from a file, with everything needed to name a place in it as the spreadsheet does. */
export interface Table {
  /** The file's name as the user gave it. */
  file: string;
  /** Sheet name; null for CSV. */
  sheet: string | null;
  /** rows[i][j]: spreadsheet row i + rowOffset + 1, column letter of j + colOffset. */
  rows: Cell[][];
  rowOffset: number;
  colOffset: number;
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
  format: 'csv' | 'xlsx' | 'xls' | 'ods';
  /** The workbook's sheets in order, with which is hidden and which was active; empty for CSV. */
  sheets: SheetView[];
  /** Spreadsheet row numbers of rows hidden in the sheet (by a filter or by hand). */
  hiddenRows: number[];
  /** What the reader decided that a user should hear of (a byte-order mark that overrode an encoding). */
  notes: string[];
  /**
   * Cells whose number is shown otherwise than it reads, keyed `row,column` (indices into rows):
   * the text a zero-padding format shows (1 shown as 0001), or that a date or time format shows.
   */
  shown: Map<string, { text: string; kind: 'padded' | 'date' }>;
  /** How a user names the column to read for a key, for messages; set by whoever reads the file. */
  pickColumn?: (key: string) => string;
  /** Columns the user named (field → header text or column letter), for the imports that take no flag of their own. */
  columns?: Record<string, string>;
}

/** The key of Table.shown. */
export const cellKey = (row: number, col: number): string => `${row},${col}`;

export interface Limits {
  /** Bytes on disk. */
  maxBytes: number;
  /** Bytes of a zip (xlsx, ods) once inflated, all entries together. */
  maxUnzippedBytes: number;
  /** Rows of the sheet (title and header rows included). */
  maxRows: number;
}

/**
 * Defaults admit 1,000,000 rows and 100 MB files; flags raise them. The unzipped limit sits under
 * V8's longest string (about 512 MiB), which is the most SheetJS can hold of one sheet's XML anyway.
 */
export const DEFAULT_LIMITS: Limits = {
  maxBytes: 200 * 1024 * 1024,
  maxUnzippedBytes: 500 * 1024 * 1024,
  maxRows: 1_500_000,
};

export interface ReadOptions {
  sheet?: string;
  /** CSV delimiter; detected among `,` `;` tab when absent. */
  delimiter?: string;
  /** CSV text encoding: utf-8 (default), windows-1252, latin1, utf-16le... */
  encoding?: string;
  limits?: Partial<Limits>;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
// Stream names in a CFB directory are UTF-16LE.
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');

/** An encrypted .ods is a normal zip whose manifest lists encryption data for content.xml. */
function refuseEncryptedOds(bytes: Buffer, entries: ZipEntry[], name: string): void {
  const m = entries.find((e) => e.name === 'META-INF/manifest.xml');
  if (!m || m.declaredSize > 1 << 20) return;
  const start = m.localHeaderOffset + 30 + bytes.readUInt16LE(m.localHeaderOffset + 26) + bytes.readUInt16LE(m.localHeaderOffset + 28);
  const data = bytes.subarray(start, start + m.compressedSize);
  let xml: string;
  try {
    xml = (m.method === 0 ? data : zlib.inflateRawSync(data, { maxOutputLength: 1 << 20 })).toString('utf8');
  } catch {
    return;
  }
  if (xml.includes('encryption-data')) {
    throw new ValidationError(`${name}: the workbook is password-protected (encrypted); save it without a password and try again`);
  }
}

export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Reads a whole file into a Table, refusing anything that is not a sheet we can trust to read. */
export async function readTable(file: string, options: ReadOptions = {}): Promise<Table> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const name = file;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new NotFoundError(`${name}: no such file`);
  }
  if (!stat.isFile()) throw new UsageError(`${name}: not a file`);
  if (stat.size > limits.maxBytes) {
    throw new ValidationError(
      `${name}: the file is ${stat.size} bytes, over the limit of ${limits.maxBytes} bytes (raise it with --max-bytes)`,
    );
  }
  const bytes = fs.readFileSync(file);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const ext = path.extname(file).toLowerCase();

  if (bytes.length === 0) throw new ValidationError(`${name}: the file is empty`);
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    const entries = await checkZip(bytes, name, { maxUnzippedBytes: limits.maxUnzippedBytes });
    const isOds = entries.some((e) => e.name === 'content.xml');
    if (isOds) refuseEncryptedOds(bytes, entries, name);
    else if (!entries.some((e) => /^xl\/workbook\.(xml|bin)$/.test(e.name))) {
      throw new ValidationError(`${name}: not a spreadsheet: a zip file, but neither an Excel (.xlsx) nor an OpenDocument (.ods) workbook`);
    }
    return readWorkbook(bytes, name, isOds ? 'ods' : 'xlsx', sha256, options, limits, entries);
  }
  if (bytes.subarray(0, 8).equals(CFB_MAGIC)) {
    // A password-protected .xlsx is not a zip at all: Office wraps the encrypted package in a CFB file.
    if (bytes.includes(ENCRYPTED_PACKAGE) || bytes.includes(ENCRYPTION_INFO)) {
      throw new ValidationError(`${name}: the workbook is password-protected (encrypted); save it without a password and try again`);
    }
    return readWorkbook(bytes, name, 'xls', sha256, options, limits, []);
  }
  if (['.xlsx', '.xlsm', '.xls', '.ods'].includes(ext)) {
    throw new ValidationError(
      `${name}: not a spreadsheet: the file's content is not an Excel or OpenDocument workbook (is it renamed, or truncated?)`,
    );
  }
  return readCsv(bytes, name, sha256, options, limits);
}

type SheetJS = typeof import('xlsx');
let sheetjs: Promise<SheetJS> | undefined;

/**
 * SheetJS, loaded on first use, inflating with Node's native zlib instead of its own JavaScript
 * inflater (a third of the read time on a 100,000-row sheet). The zip guard has already inflated
 * every entry under a budget, so nothing reaches this inflater unchecked. The subclass answers
 * `bytesRead` from `bytesWritten`, the same number, without Node's deprecation warning.
 */
export function loadSheetJS(): Promise<SheetJS> {
  sheetjs ??= import('xlsx').then((XLSX) => {
    class InflateRaw extends zlib.InflateRaw {
      override get bytesRead(): number {
        return this.bytesWritten;
      }
    }
    const shim = { InflateRaw, deflateRawSync: zlib.deflateRawSync };
    (XLSX.CFB.utils as unknown as { use_zlib(z: unknown): void }).use_zlib(shim);
    return XLSX;
  });
  return sheetjs;
}

async function readWorkbook(
  bytes: Buffer,
  name: string,
  format: 'xlsx' | 'xls' | 'ods',
  sha256: string,
  options: ReadOptions,
  limits: Limits,
  entries: ZipEntry[],
): Promise<Table> {
  const XLSX = await loadSheetJS();
  // The sheets are chosen from the workbook part, then SheetJS reads that sheet only (an .ods or
  // .xls it reads whole in one pass whatever it is asked).
  const own = format === 'ods' ? odsView(bytes, entries) : format === 'xlsx' ? xlsxView(bytes, entries) : null;
  let wb = own?.length ? undefined : sheetJsRead(XLSX, bytes, name, readOpts(limits, format));
  const views = own?.length ? own : sheetJsViews(wb!);
  const sheetName = chooseSheet(views, options.sheet, name);
  wb ??= sheetJsRead(XLSX, bytes, name, { ...readOpts(limits, format), sheets: sheetName });
  const ws = wb.Sheets[sheetName];
  const base = { file: name, sheet: sheetName, sha256, format, sheets: views, notes: [] as string[] };
  if (!ws || !ws['!ref']) {
    return { ...base, rows: [], rowOffset: 0, colOffset: 0, hiddenRows: [], shown: new Map() };
  }
  const range = XLSX.utils.decode_range(ws['!ref']);
  if (range.e.r - range.s.r + 1 > limits.maxRows) {
    throw new ValidationError(
      `${name}: sheet ${sheetName} has more than ${limits.maxRows} rows, over the limit (raise it with --max-rows)`,
    );
  }
  const shown = new Map<string, { text: string; kind: 'padded' | 'date' }>();
  const rows = denseRows(ws, range, format, shown, { isDate: (z) => XLSX.SSF.is_date(z), show: (z, v) => XLSX.SSF.format(z, v) });
  const hiddenRows =
    format === 'ods'
      ? (views.find((v) => v.name === sheetName)?.hiddenRows ?? [])
      : format === 'xlsx'
        ? xlsxHiddenRows(bytes, entries, sheetName)
        : sheetJsHiddenRows(ws, range);
  return { ...base, rows, rowOffset: range.s.r, colOffset: range.s.c, hiddenRows, shown };
}

function readOpts(limits: Limits, format: Table['format']): import('xlsx').ParsingOptions {
  return {
    dense: true,
    // Formulas are read only to notice a formula cell with no computed value (openpyxl writes those).
    cellFormula: true,
    sheetStubs: true,
    cellHTML: false,
    cellText: false,
    // Number formats tell a percentage, a date and a zero-padded number from the plain number.
    cellNF: true,
    // Row properties, for the rows a filter hides in an .xls (an .xlsx's are read from its XML).
    cellStyles: format === 'xls',
    cellDates: false,
    sheetRows: limits.maxRows + 1,
  };
}

function sheetJsRead(XLSX: SheetJS, bytes: Buffer, name: string, o: import('xlsx').ParsingOptions): import('xlsx').WorkBook {
  // SheetJS talks to the console while reading (every LibreOffice .ods gets "ODS number format may be
  // incorrect" per conditional format); that is no message for the user, so it is muted for the read.
  const consoleWas = { error: console.error, warn: console.warn, log: console.log };
  console.error = console.warn = console.log = () => {};
  try {
    return XLSX.read(bytes, { type: 'buffer', ...o });
  } catch (err) {
    const msg = String((err as Error)?.message ?? err);
    if (/password|encrypt/i.test(msg)) {
      throw new ValidationError(`${name}: the workbook is password-protected; save it without a password and try again`);
    }
    throw new ValidationError(`${name}: cannot read the workbook (corrupt or truncated?): ${msg}`);
  } finally {
    Object.assign(console, consoleWas);
  }
}

/** Sheet names, hidden flags and the active tab as SheetJS reads them from .xlsx and .xls. */
function sheetJsViews(wb: import('xlsx').WorkBook): SheetView[] {
  const meta = wb.Workbook?.Sheets ?? [];
  const view = (wb.Workbook as { WBView?: { activeTab?: number | string }[] } | undefined)?.WBView;
  const active = Number(view?.[0]?.activeTab ?? NaN);
  return wb.SheetNames.map((n, i) => ({
    name: n,
    hidden: Boolean(meta.find((m) => m.name === n)?.Hidden ?? meta[i]?.Hidden),
    active: i === active,
    hiddenRows: [],
  }));
}

/**
 * The sheet to read: the one named; else the active sheet if it is visible, else the first visible
 * one. A hidden sheet is read only when named: it is where last term's grades are kept out of sight.
 */
export function chooseSheet(views: SheetView[], named: string | undefined, file: string): string {
  if (named !== undefined) {
    if (!views.some((v) => v.name === named)) {
      throw new ValidationError(`${file}: no sheet named "${named}"; the sheets are: ${listSheets(views)}`);
    }
    return named;
  }
  const pick = views.find((v) => v.active && !v.hidden) ?? views.find((v) => !v.hidden);
  if (!pick) throw new ValidationError(`${file}: every sheet is hidden; name the one to read (the sheets are: ${listSheets(views)})`);
  return pick.name;
}

/** `"Vår 2026" (active), "Høst 2025" (hidden)`. */
export function listSheets(views: SheetView[]): string {
  return views
    .map((v) => `"${v.name}"${v.hidden ? ' (hidden)' : ''}${v.active ? ' (active)' : ''}`)
    .join(', ');
}

function sheetJsHiddenRows(ws: import('xlsx').WorkSheet, range: import('xlsx').Range): number[] {
  const info = ws['!rows'] ?? [];
  const out: number[] = [];
  for (let r = range.s.r; r <= range.e.r && r < info.length; r++) if (info[r]?.hidden) out.push(r + 1);
  return out;
}

type SheetCell = { t?: string; v?: unknown; w?: string; f?: string; z?: string | number };

/** The sheet's values, read straight from SheetJS's dense storage: one pass, no intermediate objects. */
function denseRows(
  ws: import('xlsx').WorkSheet,
  range: import('xlsx').Range,
  format: Table['format'],
  shown: Table['shown'],
  ssf: Ssf,
): Cell[][] {
  const data = (ws as unknown as { '!data'?: (SheetCell[] | undefined)[] })['!data'] ?? [];
  const rows: Cell[][] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const src = data[r];
    if (!src) {
      rows.push([]);
      continue;
    }
    const row: Cell[] = [];
    let last = -1;
    for (let c = range.s.c; c <= range.e.c && c < src.length; c++) {
      const cell = src[c];
      const v = cell ? cellValue(cell, format, ssf, (text, kind) => shown.set(cellKey(r - range.s.r, c - range.s.c), { text, kind })) : null;
      if (v !== null) last = c - range.s.c;
      row.push(v);
    }
    row.length = last + 1;
    rows.push(row);
    // SheetJS's cells are not read again: let them go as the rows are made, so that a sheet of
    // 100,000 rows never sits in memory twice.
    data[r] = undefined;
  }
  return rows;
}

/** One cell as an import reads it: the value the spreadsheet shows, not the one it stores. */
function cellValue(
  cell: SheetCell,
  format: Table['format'],
  ssf: Ssf,
  show: (text: string, kind: 'padded' | 'date') => void,
): Cell {
  // An error value (#DIV/0!, #N/A) as the spreadsheet shows it, the same text in every format.
  if (cell.t === 'e') return cell.w ?? ERROR_CODES[cell.v as number] ?? '#ERROR';
  if (cell.f !== undefined && (cell.t === 'z' || cell.v === undefined)) {
    // LibreOffice saves every formula's value; in an .ods a formula with none is one whose value is
    // empty text. Elsewhere (openpyxl writes no values) it is shown as its formula, so that a grade
    // cell holding one is an error and never read as empty.
    return format === 'ods' ? null : `=${cell.f}`;
  }
  if (cell.t === 's') {
    const t = trimCell(cell.v as string);
    return t === '' ? null : t;
  }
  if (cell.t === 'n') return numberValue(cell, ssf, show);
  if (cell.t === 'b') return cell.v as boolean;
  if (cell.t === 'd') return cell.v instanceof Date ? cell.v.toISOString() : String(cell.v);
  return null;
}

/** SheetJS's number-format functions, passed in so that SheetJS stays loaded on first use only. */
interface Ssf {
  isDate(z: string): boolean;
  show(z: string, v: number): string;
}

/** The error values by their code in the file formats (BIFF and OOXML share them). */
const ERROR_CODES: Record<number, string> = {
  0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A', 0x2b: '#GETTING_DATA',
};

function numberValue(cell: SheetCell, ssf: Ssf, show: (text: string, kind: 'padded' | 'date') => void): Cell {
  const v = cell.v as number;
  const z = typeof cell.z === 'string' ? cell.z : '';
  if (z === '' || z === 'General') return v;
  if (isPercentFormat(z)) return percentOf(v);
  const pad = zeroPadWidth(z);
  if (pad) {
    if (Number.isSafeInteger(v) && v >= 0) show(String(v).padStart(pad, '0'), 'padded');
    return v;
  }
  if (ssf.isDate(z)) {
    // A date or time is shown as the spreadsheet shows it: text, so no import takes it for a number.
    let text: string;
    try {
      text = cell.w ?? ssf.show(z, v);
    } catch {
      text = String(v);
    }
    show(text, 'date');
    return text;
  }
  return v;
}

/** Labels that mean Windows-1252 (the WHATWG Encoding Standard maps latin1 / ISO-8859-1 to it too). */
const WINDOWS_1252_LABELS = new Set(['windows-1252', 'cp1252', 'win1252', 'latin1', 'latin-1', 'iso-8859-1', 'iso8859-1', 'l1', 'ascii', 'us-ascii']);

/** 0x80-0x9F of Windows-1252; the rest is Latin-1. Undefined bytes stay U+0080-range controls, as in the standard. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/**
 * Node's TextDecoder decodes "windows-1252" as Latin-1 when built with small ICU, turning the
 * euro sign, dashes and curly quotes into control characters; this table does not depend on ICU.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const codes = new Array<number>(Math.min(CHUNK, bytes.length - i));
    for (let j = 0; j < codes.length; j++) {
      const b = bytes[i + j]!;
      codes[j] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
    }
    chunks.push(String.fromCharCode(...codes));
  }
  return chunks.join('');
}

/** Decodes a CSV's bytes: byte-order marks honoured, invalid UTF-8 refused with a hint, never mangled. */
export function decodeText(bytes: Buffer, name: string, encoding?: string, notes: string[] = []): string {
  const bom = bomOf(bytes);
  if (bom) {
    // The mark says what the file is; an encoding named for it is a guess the mark overrides.
    if (encoding && normaliseEncoding(encoding) !== bom.encoding) {
      notes.push(`${name} starts with a ${bom.label} byte-order mark: read as ${bom.label}, not ${encoding}`);
    }
    try {
      return new TextDecoder(bom.encoding, { fatal: true }).decode(bytes.subarray(bom.length));
    } catch {
      throw new ValidationError(`${name}: the file starts with a ${bom.label} byte-order mark but is not valid ${bom.label} text`);
    }
  }
  const body = bytes;
  // Text in any 8-bit encoding has no NUL bytes; a binary file would otherwise be blamed on its encoding.
  if (!/^utf-?16/i.test(encoding ?? '') && body.subarray(0, 8192).includes(0)) {
    // Every other byte NUL in the first line: UTF-16 text that lost its byte-order mark.
    const head = body.subarray(0, 64);
    const oddNuls = head.filter((b, i) => i % 2 === 1 && b === 0).length;
    const hint = oddNuls >= head.length / 2 - 2 ? ' (it looks like UTF-16 text without a byte-order mark: add --encoding utf-16le)' : '';
    throw new ValidationError(`${name}: not a spreadsheet or text file (binary content); expected CSV, .xlsx, .xls or .ods${hint}`);
  }
  if (encoding && WINDOWS_1252_LABELS.has(encoding.toLowerCase())) return decodeWindows1252(body);
  if (encoding && !/^utf-?8$/i.test(encoding)) {
    let dec: TextDecoder;
    try {
      dec = new TextDecoder(encoding);
    } catch {
      throw new UsageError(`unknown encoding "${encoding}"; use utf-8, windows-1252, latin1 or utf-16le`);
    }
    return dec.decode(body);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new ValidationError(
      `${name}: the file is not valid UTF-8; if it was saved by Excel as "CSV" on Windows, add --encoding windows-1252`,
    );
  }
}

function bomOf(bytes: Buffer): { encoding: string; label: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', label: 'UTF-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', label: 'UTF-16LE', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', label: 'UTF-16BE', length: 2 };
  return null;
}

function normaliseEncoding(e: string): string {
  const l = e.toLowerCase().replace(/_/g, '-');
  if (/^utf-?8$/.test(l)) return 'utf-8';
  if (/^utf-?16(-?le)?$/.test(l)) return 'utf-16le';
  if (/^utf-?16-?be$/.test(l)) return 'utf-16be';
  return l;
}

/** Picks `;`, `,` or tab: the one that splits the first lines most consistently. */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 10);
  let best = ',';
  let bestScore = -1;
  for (const d of [';', ',', '\t']) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const withIt = counts.filter((c) => c > 0).length;
    const score = withIt * 1000 + Math.max(0, ...counts);
    if (withIt > 0 && score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let q = false;
  for (const ch of line) {
    if (ch === '"') q = !q;
    else if (ch === d && !q) n++;
  }
  return n;
}

/** A grades file has short lines; one over this is not one (and could hold millions of fields). */
export const MAX_LINE_CHARS = 1 << 20;

function refuseLongLines(text: string, name: string): void {
  // Lines end in \n (Windows, Unix) or, in Excel for Mac's "CSV (Macintosh)", in \r alone.
  const eol = text.includes('\n') ? '\n' : '\r';
  let start = 0;
  let line = 1;
  while (start < text.length) {
    let end = text.indexOf(eol, start);
    if (end < 0) end = text.length;
    if (end - start > MAX_LINE_CHARS) {
      throw new ValidationError(`${name}: line ${line} is longer than ${MAX_LINE_CHARS} characters: not a grades file (or not text)`);
    }
    start = end + 1;
    line++;
  }
}

async function readCsv(bytes: Buffer, name: string, sha256: string, options: ReadOptions, limits: Limits): Promise<Table> {
  const notes: string[] = [];
  let text = decodeText(bytes, name, options.encoding, notes);
  if (text.includes('\u0000')) {
    throw new ValidationError(`${name}: not a text file (binary content); expected CSV, .xlsx, .xls or .ods`);
  }
  refuseLongLines(text, name);
  // Excel's "sep=;" first line names the delimiter and is hidden when Excel opens the file, so the
  // header below it is row 1 there: drop it, and number rows as Excel shows them.
  const sep = /^sep=(.)\r?(\n|\r|$)/i.exec(text);
  if (sep) text = text.slice(sep[0].length);
  const named = options.delimiter ?? sep?.[1];
  const delimiter = named === '\\t' || named === 'tab' ? '\t' : (named ?? detectDelimiter(text));
  if (delimiter.length !== 1) throw new UsageError(`--delimiter takes one character (or "tab"), got "${delimiter}"`);
  const { parse } = await import('csv-parse/sync');
  let rows: string[][];
  try {
    rows = parse(text, {
      delimiter,
      relax_column_count: true,
      // A quote inside an unquoted field is text, as Excel and LibreOffice read it (a comment `5" screen`).
      relax_quotes: true,
      skip_empty_lines: false,
      bom: false,
      to: limits.maxRows + 1,
    }) as string[][];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new ValidationError(`${name}: cannot read the CSV${e.lines ? ` near row ${e.lines}` : ''}: ${e.message}`);
  }
  if (rows.length > limits.maxRows) {
    throw new ValidationError(`${name}: more than ${limits.maxRows} rows, over the limit (raise it with --max-rows)`);
  }
  for (const row of rows) for (let j = 0; j < row.length; j++) row[j] = trimCell(row[j]!);
  return { file: name, sheet: null, rows, rowOffset: 0, colOffset: 0, sha256, format: 'csv', sheets: [], hiddenRows: [], notes, shown: new Map() };
}

/** A table built in memory (not read from a file): no sheets, nothing hidden, nothing to say. */
export function tableOf(file: string, rows: Cell[][], format: Table['format'] = 'csv'): Table {
  return { file, sheet: null, rows, rowOffset: 0, colOffset: 0, sha256: '', format, sheets: [], hiddenRows: [], notes: [], shown: new Map() };
}
