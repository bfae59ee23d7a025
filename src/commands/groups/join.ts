import { Command } from 'commander';
import type { Context } from '../../context.js';
import { joinGroup } from '../../domain/candidates/groups.js';
import { action, type Deps } from '../runtime.js';

export function runJoin(ctx: Context, opts: { code: string; group: string; number: string; password?: string }) {
  const actor = ctx.actor;
  const r = joinGroup(ctx.db, actor, opts.code, opts.group, opts.number, opts.password, ctx.now());
  if (ctx.out.json) ctx.out.emit(r);
  else if (!r.changed) ctx.out.info(`Candidate ${r.candidate} is already in group ${r.group}.`);
  else ctx.out.info(`Candidate ${r.candidate} joined group ${r.group}${r.from ? ` (left group ${r.from})` : ''}.`);
  return r;
}

export function joinCommand(deps: Deps): Command {
  return new Command('join')
    .description("put a candidate in a group (a student joins with its own candidate number); moves it out of any other")
    .argument('<test>', 'test code')
    .argument('<group>', 'group name (the PIN of an open or password group)')
    .argument('<n>', 'candidate number')
    .option('--password <pw>', "a password group's password")
    .action(action<{ password?: string }>(deps, (ctx, [code, group, number], opts) => runJoin(ctx, { code, group, number, password: opts.password })));
}
