import { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { numbersFromTable } from '../../domain/grading/committees.js';
import { assignTo } from '../../domain/results/appeals.js';
import { readTable } from '../../formats/tabular.js';
import { action, examples, splitList, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export interface AssignOptions {
  code: string;
  committee: string;
  numbers: string[];
  file?: string;
}

export async function runAssign(ctx: Context, opts: AssignOptions) {
  if (opts.file && opts.numbers.length) throw new UsageError('give candidate numbers or --file, not both');
  if (!opts.file && opts.numbers.length === 0) throw new UsageError('give candidate numbers or --file <file>');
  const numbers = opts.file ? numbersFromTable(await readTable(opts.file)) : opts.numbers;
  const r = assignTo(ctx.db, ctx.actor, opts.code, opts.committee, numbers, ctx.now());
  return result({
    json: { test: opts.code, ...r },
    notes: [
      `Assigned ${r.assigned.length} candidate${r.assigned.length === 1 ? '' : 's'} to committee ${r.committee}.`,
      ...(r.already.length ? [`${r.already.length} already in it.`] : []),
    ],
  });
}

export function assignCommand(deps: Deps): Command {
  return examples(
    new Command('assign')
      .description('put candidates in a committee (at most one per candidate; an appeal committee takes candidates with an open appeal)')
      .argument('<test>', 'test code')
      .argument('<committee>', 'committee name')
      .argument('[n...]', 'candidate numbers (spaces or commas between them)')
      .option('--file <file>', 'read candidate numbers from a CSV/XLSX file (a candidate number column, or one number per line)')
      .action(
        action<{ file?: string }>(deps, (ctx, [code, committee, numbers], opts) =>
          runAssign(ctx, { code, committee, numbers: splitList(numbers ?? []), file: opts.file }),
        ),
      ),
    'committees assign TDT4100-H26 K1 101 102 103',
    'committees assign TDT4100-H26 K2 --file K2-candidates.xlsx',
  );
}
