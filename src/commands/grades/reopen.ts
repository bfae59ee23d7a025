import { Command } from 'commander';
import type { Context } from '../../context.js';
import { reopenGrades, reopenTargets } from '../../domain/grading/reopen.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

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
    // Said in both modes: the answer was no.
    ctx.out.info('Nothing reopened.');
    return result({ json: { test, reopened: [] as string[], reason: opts.reason ?? null } });
  }
  const r = reopenGrades(ctx.db, actor, test, opts, ctx.now());
  return result({ json: r, notes: [`Reopened ${r.reopened.length} grade(s) on ${test}: ${r.reopened.join(', ')}.`] });
}

export function reopenCommand(deps: Deps): Command {
  return examples(
    new Command('reopen')
      .description('unlock confirmed grades so they can be changed (planners; logged)')
      .argument('<test>', 'test code')
      .option('--candidate <n>', 'only this candidate')
      .option('--committee <c>', 'only this committee')
      .option('--reason <text>', 'why, for the log')
      .action(action<ReopenFlags>(deps, (ctx, [test], opts) => runReopen(ctx, test, opts))),
    "grades reopen TDT4100-H26 --candidate 101 --reason 'complaint upheld'",
    '--yes grades reopen TDT4100-H26 --committee K1',
  );
}
