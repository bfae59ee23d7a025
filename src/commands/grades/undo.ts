import { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { undoBatch } from '../../domain/imports/batches.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runUndo(ctx: Context, batch: string) {
  if (!/^\d+$/.test(batch)) throw new UsageError(`a batch is named by its number (see "grades imports <test>"), not "${batch}"`);
  const r = undoBatch(ctx.db, ctx.actor, Number(batch), ctx.now());
  return result({ json: r, human: [`Batch ${r.batch} on ${r.test} undone: ${r.restored} grade(s) restored to what they were before it.`] });
}

export function undoCommand(deps: Deps): Command {
  return examples(
    new Command('undo')
      .description('undo an import batch exactly, if nothing it touched changed since')
      .argument('<batch>', 'batch number (grades imports <test>)')
      .action(action(deps, (ctx, [batch]) => runUndo(ctx, batch))),
    'grades undo 7',
  );
}
