import { Command } from 'commander';
import type { Context } from '../../context.js';
import { reopenGrades, reopenTargets } from '../../domain/grading/reopen.js';
import { action, type Deps } from '../runtime.js';

export interface ReopenFlags {
  candidate?: string;
  committee?: string;
  reason?: string;
}

export async function runReopen(ctx: Context, test: string, opts: ReopenFlags) {
  const actor = ctx.actor;
  const { targets } = reopenTargets(ctx.db, actor, test, opts);
  const what = targets.length === 1 ? `the grade of candidate ${targets[0]!.number}` : `${targets.length} confirmed grades`;
  const go = await ctx.prompter.confirm(`Reopen ${what} on ${test}? They can then be changed and must be confirmed again.`, '--yes');
  if (!go) {
    ctx.out.info('Nothing reopened.');
    const none = { test, reopened: [] as string[], reason: opts.reason ?? null };
    if (ctx.out.json) ctx.out.emit(none);
    return none;
  }
  const result = reopenGrades(ctx.db, actor, test, opts, ctx.now());
  if (ctx.out.json) ctx.out.emit(result);
  else ctx.out.info(`Reopened ${result.reopened.length} grade(s) on ${test}: ${result.reopened.join(', ')}.`);
  return result;
}

export function reopenCommand(deps: Deps): Command {
  return new Command('reopen')
    .description('unlock confirmed grades so they can be changed (planners; logged)')
    .argument('<test>', 'test code')
    .option('--candidate <n>', 'only this candidate')
    .option('--committee <c>', 'only this committee')
    .option('--reason <text>', 'why, for the log')
    .action(action<ReopenFlags>(deps, (ctx, [test], opts) => runReopen(ctx, test, opts)));
}
