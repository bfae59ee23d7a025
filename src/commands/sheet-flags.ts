import type { Command } from 'commander';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import type { ReadOptions, Table } from '../formats/tabular.js';

/** The flags every import takes: which sheet of a workbook, which columns, and how to read a CSV. */
export interface SheetFlags {
  sheet?: string;
  delimiter?: string;
  encoding?: string;
  /** `field=header` (or `field=D`, a column letter), repeatable. */
  column?: string[];
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function addSheetOptions(cmd: Command): Command {
  return cmd
    .option('--sheet <name>', 'sheet to read (default: the active sheet if visible, else the first visible one)')
    .option('--delimiter <c>', 'CSV delimiter: , ; or tab (default: detected)')
    .option('--encoding <enc>', 'CSV encoding: utf-8 (default), windows-1252, latin1, utf-16le; a byte-order mark wins')
    .option('--column <field=header>', 'read a field from the column with this header (or column letter); repeatable', collect);
}

/** The flags as readTable takes them. */
export function readOptionsOf(f: SheetFlags): ReadOptions {
  return { sheet: f.sheet, delimiter: f.delimiter, encoding: f.encoding };
}

/** The flags again, as a printed command line must repeat them to read the file the same way. */
export function sheetArgs(f: SheetFlags): string[] {
  return [
    ...(f.sheet !== undefined ? ['--sheet', f.sheet] : []),
    ...(f.delimiter !== undefined ? ['--delimiter', f.delimiter] : []),
    ...(f.encoding !== undefined ? ['--encoding', f.encoding] : []),
    ...(f.column ?? []).flatMap((c) => ['--column', c]),
  ];
}

function columnsOf(f: SheetFlags): Record<string, string> | undefined {
  if (!f.column?.length) return undefined;
  const out: Record<string, string> = {};
  for (const c of f.column) {
    const eq = c.indexOf('=');
    if (eq <= 0 || eq === c.length - 1) throw new UsageError(`--column takes field=header (for example --column username=Brukernavn), not "${c}"`);
    out[c.slice(0, eq).trim()] = c.slice(eq + 1).trim();
  }
  return out;
}

/**
 * Reads an import's file as the flags say, tells the user which sheet was read (stderr), and
 * teaches the column messages how this command names a column. `pick` overrides that per field
 * (the grade import has a flag per column).
 */
export async function readSheet(
  ctx: Pick<Context, 'out'>,
  file: string,
  f: SheetFlags,
  extra: Partial<ReadOptions> = {},
  pick?: (key: string) => string | undefined,
): Promise<Table> {
  const { readTable } = await import('../formats/tabular.js');
  const columns = columnsOf(f);
  const table = await readTable(file, { ...readOptionsOf(f), ...extra });
  table.columns = columns;
  table.pickColumn = (key) => pick?.(key) ?? `name it with --column ${key}=<header or column letter>`;
  if (table.sheet !== null) {
    const others = table.sheets.filter((s) => s.name !== table.sheet);
    ctx.out.info(
      `Reading sheet "${table.sheet}" of ${file}` +
        (others.length ? ` (also in the workbook: ${others.map((s) => `"${s.name}"${s.hidden ? ' (hidden)' : ''}`).join(', ')})` : ''),
    );
  }
  return table;
}

/** What the reader and the column finder decided that the user should hear of, on stderr. */
export function sayNotes(ctx: Pick<Context, 'out'>, table: Table | undefined): void {
  for (const n of table?.notes ?? []) ctx.out.warn(n);
}

/** Reads the file, runs the import on it, and says what the reader decided, whether the import took it or not. */
export async function importSheet<R>(ctx: Pick<Context, 'out'>, file: string, f: SheetFlags, fn: (table: Table) => R): Promise<R & { sheet: string | null }> {
  const table = await readSheet(ctx, file, f);
  try {
    return { ...fn(table), sheet: table.sheet };
  } finally {
    sayNotes(ctx, table);
  }
}
