import { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { undoBatch } from '../../domain/imports/batches.js';
import { action, type Deps } from '../runtime.js';

export function runUndo(ctx: Context, batch: string) {
  if (!/^\d+$/.test(batch)) throw new UsageError(`a batch is named by its number (see "grades imports <test>"), not "${batch}"`);
  const actor = ctx.actor;
  const r = undoBatch(ctx.db, actor, Number(batch), ctx.now());
  if (ctx.out.json) ctx.out.emit(r);
  else ctx.out.line(`Batch ${r.batch} on ${r.test} undone: ${r.restored} grade(s) restored to what they were before it.`);
  return r;
}

export function undoCommand(deps: Deps): Command {
  return new Command('undo')
    .description('undo an import batch exactly, if nothing it touched changed since')
    .argument('<batch>', 'batch number (grades imports <test>)')
    .action(action(deps, (ctx, [batch]) => runUndo(ctx, batch)));
}
