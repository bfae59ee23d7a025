import { Command } from 'commander';
import type { Context } from '../../context.js';
import { setCandidateStatus } from '../../domain/candidates/candidate-admin.js';
import { action, splitList, type Deps } from '../runtime.js';

export function runStatus(ctx: Context, opts: { code: string; status: string; numbers: string[] }) {
  const actor = ctx.actor;
  const changes = setCandidateStatus(ctx.db, actor, opts.code, opts.status, opts.numbers, ctx.now());
  if (ctx.out.json) ctx.out.emit(changes);
  else {
    const same = new Set(opts.numbers).size - changes.length;
    ctx.out.info(`${changes.length} candidate${changes.length === 1 ? '' : 's'} now ${opts.status}${same ? `; ${same} already were` : ''}.`);
  }
  return changes;
}

export function statusCommand(deps: Deps): Command {
  return new Command('status')
    .description('set the status of candidates (registered, attended, submitted, absent, withdrawn)')
    .argument('<test>', 'test code')
    .argument('<status>', 'new status')
    .argument('<n...>', 'candidate numbers (spaces or commas between them)')
    .action(action(deps, (ctx, [code, status, numbers]) => runStatus(ctx, { code, status, numbers: splitList(numbers) })));
}
