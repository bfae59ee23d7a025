import { commandLine } from '../../ui/shell.js';
import { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { toXlsx, writePrivateFile } from '../../formats/write-sheet.js';
import { requireExam } from '../../domain/exams/exams.js';
import { gradingSheet } from '../../domain/imports/grade-export.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export interface SheetOptions {
  test: string;
  committee?: string;
  output?: string;
}

/**
 * An XLSX grading sheet: candidate numbers as text cells (so 0101 stays 0101 and Excel does not
 * turn long numbers into 1E+15), empty grade (and points) columns that `grades import` reads back.
 */
export async function runSheet(ctx: Context, o: SheetOptions) {
  if (!o.output) throw new UsageError('grades sheet needs --output <file.xlsx>');
  if (!o.output.toLowerCase().endsWith('.xlsx')) throw new UsageError(`--output must name an .xlsx file, not "${o.output}"`);
  const exam = requireExam(ctx.db, o.test);
  const s = gradingSheet(ctx.db, ctx.actor, exam, { committee: o.committee });
  const rows = s.candidates.map((n) => [n, ...s.head.slice(1).map(() => null)]);
  const data = await toXlsx([
    { name: (s.committee ?? exam.code).replace(/[\\/?*[\]:]/g, '_'), head: s.head, rows, textColumns: [0], widths: [18, 10, 10] },
  ]);
  writePrivateFile(o.output, data);
  return result({
    json: { file: o.output, test: exam.code, committee: s.committee, candidates: s.candidates.length, columns: s.head },
    notes: [
      `Wrote a grading sheet for ${s.candidates.length} candidate(s) of ${exam.code}${s.committee ? ` (committee ${s.committee})` : ''} to ${o.output}; fill it in and bring it back with`,
      `  ${commandLine(ctx.globalArgs, ['grades', 'import', exam.code, o.output])}`,
    ],
  });
}

export function sheetCommand(deps: Deps): Command {
  return examples(
    new Command('sheet')
      .description('write an XLSX grading sheet (candidate numbers, empty grade column) to fill in and import')
      .argument('<test>', 'test code')
      .option('--committee <c>', "only this committee's candidates")
      .option('--output <file.xlsx>', 'file to write (mode 0600)')
      .action(action<Omit<SheetOptions, 'test'>>(deps, (ctx, [test], opts) => runSheet(ctx, { ...opts, test }))),
    'grades sheet TDT4100-H26 --committee K1 --output K1.xlsx',
  );
}
