import type { ChalkInstance } from 'chalk';
import { renderTable, type TableCell } from './table.js';

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
  table(head: string[], rows: TableCell[][]): void;
  /** A message for people on stderr. */
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
  /** Raw stderr stream, for progress bars. */
  readonly stderr: NodeJS.WritableStream;
  /** stdout is a terminal: a person reads it. */
  readonly terminal: boolean;
  /** Text on stdout as it comes, waiting while the reader is behind (a long stream stays small in memory). */
  write(text: string): Promise<void>;
}

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Stands in for chalk when there is no colour: every style is the identity, chained or called. */
const plain: ChalkInstance = new Proxy(function (...parts: unknown[]) {
  return parts.join(' ');
} as unknown as ChalkInstance, {
  get: (_t, prop) => (prop === 'level' ? 0 : plain),
});

function colourWanted(stream: { isTTY?: boolean }, color: boolean, env: NodeJS.ProcessEnv): boolean {
  return color && !env.NO_COLOR && Boolean(stream.isTTY);
}

/** chalk is loaded only when a terminal will show colour: scripted runs never pay for it. */
export async function createOutput(
  streams: Streams,
  opts: { json: boolean; color: boolean; env?: NodeJS.ProcessEnv },
): Promise<Output> {
  const env = opts.env ?? process.env;
  const colorAllowed = colourWanted(streams.stdout, opts.color, env);
  const errColor = colourWanted(streams.stderr, opts.color, env);
  const chalk = colorAllowed || errColor ? await import('chalk') : undefined;
  const c = chalk && colorAllowed ? new chalk.Chalk({ level: 1 }) : plain;
  const ce = chalk && errColor ? new chalk.Chalk({ level: 1 }) : plain;
  return {
    json: opts.json,
    interactive: Boolean(streams.stderr.isTTY),
    c,
    stderr: streams.stderr,
    terminal: Boolean(streams.stdout.isTTY),
    write: (text) =>
      new Promise<void>((resolve) => {
        if (streams.stdout.write(text)) resolve();
        else streams.stdout.once('drain', () => resolve());
      }),
    line: (text) => void streams.stdout.write(text + '\n'),
    emit: (doc) => void streams.stdout.write(JSON.stringify(doc, null, 2) + '\n'),
    table: (head, rows) => void streams.stdout.write(renderTable(head, rows, { head: (h) => c.bold(h) }) + '\n'),
    info: (text) => void streams.stderr.write(text + '\n'),
    warn: (text) => void streams.stderr.write(ce.yellow('warning: ') + text + '\n'),
    error: (text) => void streams.stderr.write(ce.red('examctl: ') + text + '\n'),
  };
}
