import { Command } from 'commander';
import type { Context } from '../../context.js';
import { addCandidates } from '../../domain/candidates/candidate-admin.js';
import { action, splitList, type Deps } from '../runtime.js';

export interface AddOptions {
  code: string;
  numbers: string[];
  student?: string;
  status?: string;
}

export function runAdd(ctx: Context, opts: AddOptions) {
  const actor = ctx.actor;
  const added = addCandidates(ctx.db, actor, opts.code, opts.numbers, { student: opts.student, status: opts.status }, ctx.now());
  if (ctx.out.json) ctx.out.emit(added);
  else ctx.out.info(`Added ${added.length} candidate${added.length === 1 ? '' : 's'} to ${opts.code}: ${added.map((a) => a.candidate).join(', ')}.`);
  return added;
}

export function addCommand(deps: Deps): Command {
  return new Command('add')
    .description('register candidates on a test by candidate number')
    .argument('<test>', 'test code')
    .argument('<n...>', 'candidate numbers (spaces or commas between them)')
    .option('--student <username>', 'link the (single) candidate to this student user')
    .option('--status <status>', 'registered (default), attended, submitted, absent or withdrawn')
    .action(
      action<{ student?: string; status?: string }>(deps, (ctx, [code, numbers], opts) =>
        runAdd(ctx, { code, numbers: splitList(numbers), student: opts.student, status: opts.status }),
      ),
    );
}
