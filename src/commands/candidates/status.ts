import { Command } from 'commander';
import type { Context } from '../../context.js';
import { setCandidateStatus } from '../../domain/candidates/candidate-admin.js';
import { action, examples, splitList, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runStatus(ctx: Context, opts: { code: string; status: string; numbers: string[] }) {
  const changes = setCandidateStatus(ctx.db, ctx.actor, opts.code, opts.status, opts.numbers, ctx.now());
  const same = new Set(opts.numbers).size - changes.length;
  return result({
    json: changes,
    notes: [`${changes.length} candidate${changes.length === 1 ? '' : 's'} now ${opts.status}${same ? `; ${same} already were` : ''}.`],
  });
}

export function statusCommand(deps: Deps): Command {
  return examples(
    new Command('status')
      .description('set the status of candidates (registered, attended, submitted, absent, withdrawn)')
      .argument('<test>', 'test code')
      .argument('<status>', 'new status')
      .argument('<n...>', 'candidate numbers (spaces or commas between them)')
      .action(action(deps, (ctx, [code, status, numbers]) => runStatus(ctx, { code, status, numbers: splitList(numbers) }))),
    'candidates status TDT4100-H26 absent 108',
    'candidates status TDT4100-H26 attended 101,102 103',
  );
}
