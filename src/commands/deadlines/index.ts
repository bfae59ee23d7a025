import { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { listDeadlines } from '../../domain/results/deadlines.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export interface DeadlineFlags {
  within?: string;
  overdue?: boolean;
}

export function runDeadlines(ctx: Context, o: DeadlineFlags) {
  let within: number | undefined;
  if (o.within !== undefined) {
    within = Number(o.within);
    if (!/^\d+$/.test(o.within.trim())) throw new UsageError(`--within "${o.within}": expected a whole number of days`);
  }
  const rows = listDeadlines(ctx.db, ctx.actor, { within, overdue: o.overdue }, ctx.now());
  const days = (n: number | null) => (n === null ? '' : n < 0 ? `${-n} overdue` : n === 0 ? 'today' : `${n} left`);
  return result({
    json: rows,
    human: {
      head: ['test', 'committee', 'deadline', 'days', 'not confirmed'],
      rows: rows.map((r) => [r.test, (r.committee ?? '(no committee)') + (r.appeal ? ' (appeal)' : ''), (r.deadline ?? '(none)') + (r.set ? ' *' : ''), days(r.daysLeft), r.open]),
      empty: o.overdue ? 'No grading is overdue.' : 'No grading waits for confirmation.',
    },
    notes: rows.some((r) => r.set) ? ['* set by a planner (tests show names the reason)'] : [],
  });
}

export function deadlinesCommand(deps: Deps): Command {
  return examples(
    new Command('deadlines')
      .description('grading deadlines: the committees whose grading is not confirmed, with the days left or overdue')
      .option('--within <days>', 'only those due within this many days (overdue ones included)')
      .option('--overdue', 'only those past their deadline')
      .action(action<DeadlineFlags>(deps, (ctx, _args, o) => runDeadlines(ctx, o))),
    'deadlines --within 7',
    'deadlines --overdue --json',
  );
}
