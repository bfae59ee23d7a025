import type { ChalkInstance } from 'chalk';
import type { Output } from './output.js';
import type { TableCell } from './table.js';
import { writeJsonArray, writeJsonLines, writeJsonPieces, writePieces } from './stream.js';

/**
 * What a verb hands back: its data for `--json` and what a person reads. One place prints it
 * (`printResult`, called by the verb runner), so no verb writes to stdout itself. Messages,
 * warnings and progress are not results: they go to stderr through the Output as they happen.
 */
export interface Result {
  readonly [RESULT]: true;
  /** The `--json` document: a value printed as one JSON text, or a stream (`jsonArray`, `jsonLines`). */
  readonly json?: unknown;
  /** What a person reads on stdout. */
  readonly human?: Human;
  /** Messages for a person on stderr, after the data (left out under `--json`, whose document says it all). */
  readonly notes?: readonly string[];
  /** Thrown once the result is printed: a refusal that still reports what it found (an import's errors). */
  readonly error?: unknown;
}

/** Where a human rendering writes: stdout only, with colour when stdout is a terminal. */
export interface Page {
  line(text: string): void;
  table(head: string[], rows: TableCell[][]): void;
  /** Text as it comes, waiting while the reader is behind. */
  write(text: string): Promise<void>;
  readonly c: ChalkInstance;
  readonly terminal: boolean;
}

/** Lines of text; a table (with what to say on stderr when it has no rows); or a rendering. */
export type Human =
  | readonly string[]
  | { readonly head: string[]; readonly rows: TableCell[][]; readonly empty?: string }
  | ((page: Page) => void | Promise<void>);

const RESULT = Symbol('examctl.result');
const WRITER = Symbol('examctl.json-writer');

interface JsonWriter {
  readonly [WRITER]: (page: Page) => Promise<void>;
}

export function result(parts: { json?: unknown; human?: Human; notes?: readonly string[]; error?: unknown }): Result {
  return { [RESULT]: true, ...parts };
}

export function isResult(x: unknown): x is Result {
  return typeof x === 'object' && x !== null && (x as Result)[RESULT] === true;
}

/** A JSON array written item by item: a million events never sit in memory together. */
export function jsonArray(items: Iterable<unknown>): JsonWriter {
  return { [WRITER]: (page) => writeJsonArray(page, items) };
}

/** A JSON array already written as text, in pieces (see `writeJsonPieces`). */
export function jsonArrayText(pieces: Iterable<string>): JsonWriter {
  return { [WRITER]: (page) => writeJsonPieces(page, pieces) };
}

/** JSON Lines already written as text, in pieces that end in a line break. */
export function jsonLinesText(pieces: Iterable<string>): JsonWriter {
  return { [WRITER]: (page) => writePieces(page, pieces) };
}

/** One JSON document a line, for scripts that read as the data comes. */
export function jsonLines(items: Iterable<unknown>): JsonWriter {
  return { [WRITER]: (page) => writeJsonLines(page, items) };
}

/** Text printed as it is in the `--json` place too: a format the user named explicitly (CSV on stdout). */
export function verbatim(text: string): JsonWriter {
  return { [WRITER]: (page) => page.write(text) };
}

function isWriter(x: unknown): x is JsonWriter {
  return typeof x === 'object' && x !== null && WRITER in x;
}

/** The one printer: `--json` gets the document, a person the rendering; then a carried refusal is thrown. */
export async function printResult(out: Output, r: Result): Promise<void> {
  const lines = linesInPieces(out);
  const page: Page = {
    line: lines.line,
    table: (head, rows) => (lines.flush(), out.table(head, rows)),
    write: (text) => (lines.flush(), out.write(text)),
    c: out.c,
    terminal: out.terminal,
  };
  try {
    if (out.json) {
      if (isWriter(r.json)) await r.json[WRITER](page);
      else if (r.json !== undefined) out.emit(r.json);
    } else if (r.human !== undefined) {
      await renderHuman(out, page, r.human);
    }
  } finally {
    lines.flush();
  }
  if (!out.json) for (const n of r.notes ?? []) out.info(n);
  if (r.error !== undefined) throw r.error;
}

/** Size of one write of lines to stdout: an import's report of 100,000 lines is a few hundred writes, not 100,000. */
const PIECE = 64 * 1024;

/** Lines gathered into pieces of about PIECE characters, each written at once; flush writes what is gathered. */
function linesInPieces(out: Output): { line(text: string): void; flush(): void } {
  let piece = '';
  const flush = () => {
    if (piece) out.line(piece.slice(0, -1));
    piece = '';
  };
  return {
    line: (text) => {
      piece += text + '\n';
      if (piece.length >= PIECE) flush();
    },
    flush,
  };
}

async function renderHuman(out: Output, page: Page, h: Human): Promise<void> {
  if (typeof h === 'function') return void (await h(page));
  if (Array.isArray(h)) {
    for (const l of h as readonly string[]) page.line(l);
    return;
  }
  const t = h as Exclude<Human, readonly string[] | ((page: Page) => unknown)>;
  if (t.rows.length === 0) {
    if (t.empty) out.info(t.empty);
  } else page.table(t.head, t.rows);
}
