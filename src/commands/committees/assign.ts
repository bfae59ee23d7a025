import { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { assignCandidates, numbersFromTable } from '../../domain/grading/committees.js';
import { readTable } from '../../formats/tabular.js';
import { action, splitList, type Deps } from '../runtime.js';

export interface AssignOptions {
  code: string;
  committee: string;
  numbers: string[];
  file?: string;
}

export async function runAssign(ctx: Context, opts: AssignOptions) {
  const actor = ctx.actor;
  if (opts.file && opts.numbers.length) throw new UsageError('give candidate numbers or --file, not both');
  if (!opts.file && opts.numbers.length === 0) throw new UsageError('give candidate numbers or --file <file>');
  const numbers = opts.file ? numbersFromTable(await readTable(opts.file)) : opts.numbers;
  const r = assignCandidates(ctx.db, actor, opts.code, opts.committee, numbers, ctx.now());
  const doc = { test: opts.code, ...r };
  if (ctx.out.json) ctx.out.emit(doc);
  else {
    ctx.out.info(`Assigned ${r.assigned.length} candidate${r.assigned.length === 1 ? '' : 's'} to committee ${r.committee}.`);
    if (r.already.length) ctx.out.info(`${r.already.length} already in it.`);
  }
  return doc;
}

export function assignCommand(deps: Deps): Command {
  return new Command('assign')
    .description('put candidates in a committee (at most one committee per candidate)')
    .argument('<test>', 'test code')
    .argument('<committee>', 'committee name')
    .argument('[n...]', 'candidate numbers (spaces or commas between them)')
    .option('--file <file>', 'read candidate numbers from a CSV/XLSX file (a candidate number column, or one number per line)')
    .action(
      action<{ file?: string }>(deps, (ctx, [code, committee, numbers], opts) =>
        runAssign(ctx, { code, committee, numbers: splitList(numbers ?? []), file: opts.file }),
      ),
    );
}
