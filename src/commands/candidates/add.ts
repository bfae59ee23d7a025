import { Command } from 'commander';
import type { Context } from '../../context.js';
import { addCandidates } from '../../domain/candidates/candidate-admin.js';
import { action, examples, splitList, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export interface AddOptions {
  code: string;
  numbers: string[];
  student?: string;
  status?: string;
}

export function runAdd(ctx: Context, opts: AddOptions) {
  const added = addCandidates(ctx.db, ctx.actor, opts.code, opts.numbers, { student: opts.student, status: opts.status }, ctx.now());
  return result({
    json: added,
    notes: [`Added ${added.length} candidate${added.length === 1 ? '' : 's'} to ${opts.code}: ${added.map((a) => a.candidate).join(', ')}.`],
  });
}

export function addCommand(deps: Deps): Command {
  return examples(
    new Command('add')
      .description('register candidates on a test by candidate number')
      .argument('<test>', 'test code')
      .argument('<n...>', 'candidate numbers (spaces or commas between them)')
      .option('--student <username>', 'link the (single) candidate to this student user')
      .option('--status <status>', 'registered (default), attended, submitted, absent or withdrawn')
      .action(
        action<{ student?: string; status?: string }>(deps, (ctx, [code, numbers], opts) =>
          runAdd(ctx, { code, numbers: splitList(numbers), student: opts.student, status: opts.status }),
        ),
      ),
    'candidates add TDT4100-H26 101,102 103',
    'candidates add TDT4100-H26 104 --student s104 --status attended',
  );
}
