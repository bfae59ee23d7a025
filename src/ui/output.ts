import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';

/**
 * Where a command's results go. Data (tables, lines, JSON) goes to stdout; messages go to
 * stderr. Colour only on a terminal and never under NO_COLOR or --no-color.
 */
export interface Output {
  readonly json: boolean;
  /** stderr is a terminal: progress bars and prompts may be shown. */
  readonly interactive: boolean;
  readonly c: ChalkInstance;
  /** One line of data on stdout. */
  line(text: string): void;
  /** The one JSON document of a --json command, on stdout. */
  emit(doc: unknown): void;
  /** A table of rows on stdout (headers only for people: --json never reaches here). */
  table(head: string[], rows: Array<Array<string | number | boolean | null | undefined>>): void;
  /** A message for people on stderr. */
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
  /** Raw stderr stream, for progress bars. */
  readonly stderr: NodeJS.WritableStream;
}

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export function createOutput(streams: Streams, opts: { json: boolean; color: boolean }): Output {
  const colorAllowed = opts.color && !process.env.NO_COLOR && Boolean(streams.stdout.isTTY);
  const errColor = opts.color && !process.env.NO_COLOR && Boolean(streams.stderr.isTTY);
  const c = new Chalk({ level: colorAllowed ? 1 : 0 });
  const ce = new Chalk({ level: errColor ? 1 : 0 });
  return {
    json: opts.json,
    interactive: Boolean(streams.stderr.isTTY),
    c,
    stderr: streams.stderr,
    line: (text) => void streams.stdout.write(text + '\n'),
    emit: (doc) => void streams.stdout.write(JSON.stringify(doc, null, 2) + '\n'),
    table(head, rows) {
      const t = new Table({
        head: head.map((h) => c.bold(h)),
        style: { head: [], border: [], compact: true },
        chars: plainTableChars,
      });
      for (const r of rows) t.push(r.map((v) => (v === null || v === undefined ? '' : String(v))));
      streams.stdout.write(t.toString() + '\n');
    },
    info: (text) => void streams.stderr.write(text + '\n'),
    warn: (text) => void streams.stderr.write(ce.yellow('warning: ') + text + '\n'),
    error: (text) => void streams.stderr.write(ce.red('examctl: ') + text + '\n'),
  };
}

/** Borderless columns: easy to read, easy to grep. */
const plainTableChars = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '  ',
};
