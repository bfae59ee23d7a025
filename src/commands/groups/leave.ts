import { Command } from 'commander';
import type { Context } from '../../context.js';
import { leaveGroup } from '../../domain/candidates/groups.js';
import { action, type Deps } from '../runtime.js';

export function runLeave(ctx: Context, opts: { code: string; number?: string }) {
  const actor = ctx.actor;
  const r = leaveGroup(ctx.db, actor, opts.code, opts.number, ctx.now());
  if (ctx.out.json) ctx.out.emit(r);
  else if (r.group === null) ctx.out.info(`Candidate ${r.candidate} is in no group.`);
  else ctx.out.info(`Candidate ${r.candidate} left group ${r.group}; it must join another before the test (every candidate needs a group).`);
  return r;
}

export function leaveCommand(deps: Deps): Command {
  return new Command('leave')
    .description('take a candidate out of its group (a student: its own candidate)')
    .argument('<test>', 'test code')
    .argument('[n]', 'candidate number (a student may leave it out)')
    .action(action(deps, (ctx, [code, number]) => runLeave(ctx, { code, number })));
}
