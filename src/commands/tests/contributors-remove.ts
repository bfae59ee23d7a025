import { Command } from 'commander';
import type { Context } from '../../context.js';
import { removeContributor } from '../../domain/access/contributors.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import type { ContributorOptions } from './contributors-add.js';

export function runContributorsRemove(ctx: Context, opts: ContributorOptions) {
  const r = removeContributor(ctx.db, ctx.actor, opts.code, opts.username, opts.role, ctx.now());
  const n = r.committees.length;
  return result({
    json: { test: opts.code, ...r },
    notes: [
      `${r.username} is no longer ${r.role} on ${opts.code}.`,
      ...(n ? [`Also removed from committee${n === 1 ? '' : 's'} ${r.committees.join(', ')}.`] : []),
    ],
  });
}

export function contributorsRemoveCommand(deps: Deps): Command {
  return examples(
    new Command('remove')
      .description("withdraw a user's contributor role on the test")
      .argument('<test>', 'test code')
      .argument('<username>', 'user')
      .requiredOption('--role <role>', 'planner, chief-invigilator, invigilator, grader or reporter')
      .action(action<{ role: string }>(deps, (ctx, [code, username], opts) => runContributorsRemove(ctx, { code, username, role: opts.role }))),
    'tests contributors remove TDT4100-H26 ingrid --role grader',
  );
}
