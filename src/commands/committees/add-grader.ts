import { Command } from 'commander';
import type { Context } from '../../context.js';
import { addGradersTo } from '../../domain/results/appeals.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runAddGrader(ctx: Context, opts: { code: string; committee: string; usernames: string[] }) {
  const r = addGradersTo(ctx.db, ctx.actor, opts.code, opts.committee, opts.usernames, ctx.now());
  return result({
    json: { test: opts.code, ...r },
    notes: [
      ...(r.added.length ? [`Added to committee ${r.committee}: ${r.added.join(', ')}.`] : []),
      ...(r.already.length ? [`Already in committee ${r.committee}: ${r.already.join(', ')}.`] : []),
      ...(r.contributors.length ? [`Now grader contributors on ${opts.code}: ${r.contributors.join(', ')}.`] : []),
    ],
  });
}

export function addGraderCommand(deps: Deps): Command {
  return examples(
    new Command('add-grader')
      .description('add graders (users with the grader role) to a committee; they become grader contributors on the test')
      .argument('<test>', 'test code')
      .argument('<committee>', 'committee name')
      .argument('<username...>', 'graders')
      .action(action(deps, (ctx, [code, committee, usernames]) => runAddGrader(ctx, { code, committee, usernames }))),
    'committees add-grader TDT4100-H26 K1 ingrid erik',
  );
}
