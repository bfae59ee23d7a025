import { Command } from 'commander';
import type { Context } from '../../context.js';
import { leaveGroup } from '../../domain/candidates/groups.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runLeave(ctx: Context, opts: { code: string; number?: string }) {
  const r = leaveGroup(ctx.db, ctx.actor, opts.code, opts.number, ctx.now());
  return result({
    json: r,
    notes: [
      r.group === null
        ? `Candidate ${r.candidate} is in no group.`
        : `Candidate ${r.candidate} left group ${r.group}; it must join another before the test (every candidate needs a group).`,
    ],
  });
}

export function leaveCommand(deps: Deps): Command {
  return examples(
    new Command('leave')
      .description('take a candidate out of its group (a student: its own candidate)')
      .argument('<test>', 'test code')
      .argument('[n]', 'candidate number (a student may leave it out)')
      .action(action(deps, (ctx, [code, number]) => runLeave(ctx, { code, number }))),
    'groups leave TDT4102-H26 101',
    '--as s101 groups leave TDT4100-H26',
  );
}
