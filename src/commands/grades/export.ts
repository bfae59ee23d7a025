import fs from 'node:fs';
import { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { toCsv, toXlsx, writePrivateFile } from '../../formats/write-sheet.js';
import { requireExam } from '../../domain/exams/exams.js';
import { EXPORT_HEADERS, exportRows, recordExport, type ExportRow } from '../../domain/imports/grade-export.js';
import { progressFor } from '../../ui/progress.js';
import { action, examples, type Deps } from '../runtime.js';
import { formatOf, type Format } from './file-format.js';
import { result, verbatim, type Result } from '../../ui/result.js';

export interface ExportOptions {
  test: string;
  format?: string;
  output?: string;
  confirmedOnly?: boolean;
  /** CSV delimiter: `;` (or "semicolon") for Excel set up for Norwegian, where `,` is the decimal comma. */
  delimiter?: string;
  /** Start the CSV with a UTF-8 byte-order mark, so that Excel reads æ, ø and å right. */
  bom?: boolean;
}

function csvDelimiter(d: string | undefined): string {
  if (d === undefined) return ',';
  const named: Record<string, string> = { tab: '\t', '\\t': '\t', semicolon: ';', comma: ',' };
  const c = named[d] ?? d;
  if (c.length !== 1 || /["\r\n]/.test(c)) throw new UsageError(`--delimiter takes one character such as ";" or "tab", not "${d}"`);
  return c;
}

const asCells = (r: ExportRow) => [r.candidate, r.student, r.committee, r.grade, r.points, r.status, r.confirmed ? 'yes' : 'no'];

/** Writes the test's grades; files are created mode 0600 (grades are personal data). */
export async function runExport(ctx: Context, o: ExportOptions): Promise<Result> {
  const actor = ctx.actor;
  const exam = requireExam(ctx.db, o.test);
  const format = formatOf(o, ctx.out.json);
  if (format === 'xlsx' && !o.output) throw new UsageError('an XLSX export needs --output <file.xlsx>');
  const rows = exportRows(ctx.db, actor, exam, { confirmedOnly: o.confirmedOnly });
  const progress = await progressFor(ctx.out, rows.length);
  progress.update('exporting', 0, rows.length);
  let data: string | Buffer;
  if (format === 'json') data = JSON.stringify(rows, null, 2) + '\n';
  else if (format === 'csv') data = (o.bom ? '\uFEFF' : '') + (await toCsv(EXPORT_HEADERS, rows.map(asCells), csvDelimiter(o.delimiter)));
  else {
    data = await toXlsx([
      { name: exam.code, head: EXPORT_HEADERS, rows: rows.map(asCells), textColumns: [0], widths: [18, 16, 16, 8, 8, 12, 10] },
    ]);
  }
  progress.update('exporting', rows.length, rows.length);
  progress.stop();
  // The event says grades left the database: never for an export that failed, and no grades leave unlogged.
  const record = () => recordExport(ctx.db, actor, exam, { format, file: o.output ?? null, rows: rows.length, confirmedOnly: Boolean(o.confirmedOnly) }, ctx.now());
  if (!o.output) {
    // On stdout nothing can be taken back: logged first, then printed (the JSON rows, or the CSV as it was made).
    record();
    const text = String(data).replace(/\n$/, '') + '\n';
    // `--format csv` asked for CSV: it is printed as made, with or without --json.
    return result({ json: format === 'csv' ? verbatim(text) : rows, human: (page) => page.write(text) });
  }
  writePrivateFile(o.output, data);
  try {
    record();
  } catch (err) {
    // Not logged, so not left behind either.
    fs.rmSync(o.output, { force: true });
    throw err;
  }
  return result({
    json: format === 'json' ? rows : { file: o.output, format, rows: rows.length },
    notes: [`Wrote ${rows.length} row(s) of ${exam.code} to ${o.output} (${format}, readable by you alone).`],
  });
}

export function exportCommand(deps: Deps): Command {
  return examples(
    new Command('export')
      .description('export grades as CSV, XLSX or JSON (planners only)')
      .argument('<test>', 'test code')
      .option('--format <format>', 'csv (default), xlsx or json')
      .option('--output <file>', 'write to this file (mode 0600) instead of stdout')
      .option('--confirmed-only', 'only confirmed grades (the transfer to the student registry)')
      .option('--delimiter <c>', 'CSV delimiter (default ","; ";" for Excel set up for Norwegian, "tab")')
      .option('--bom', 'start the CSV with a UTF-8 byte-order mark, so that Excel shows æ, ø and å right')
      .action(action<Omit<ExportOptions, 'test'>>(deps, (ctx, [test], opts) => runExport(ctx, { ...opts, test }))),
    'grades export TDT4100-H26 --confirmed-only --output results.csv',
    'grades export TDT4100-H26 --delimiter ";" --bom > for-excel.csv',
  );
}
