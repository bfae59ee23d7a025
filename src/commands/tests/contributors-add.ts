import { Command } from 'commander';
import type { Context } from '../../context.js';
import { addContributor } from '../../domain/access/contributors.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export interface ContributorOptions {
  code: string;
  username: string;
  role: string;
}

export function runContributorsAdd(ctx: Context, opts: ContributorOptions) {
  const r = addContributor(ctx.db, ctx.actor, opts.code, opts.username, opts.role, ctx.now());
  return result({
    json: { test: opts.code, ...r },
    notes: [r.added ? `${r.username} is now ${r.role} on ${opts.code}.` : `${r.username} was already ${r.role} on ${opts.code}; nothing changed.`],
  });
}

export function contributorsAddCommand(deps: Deps): Command {
  return examples(
    new Command('add')
      .description('invite a user to the test in a contributor role (one of its system roles)')
      .argument('<test>', 'test code')
      .argument('<username>', 'user to invite')
      .requiredOption('--role <role>', 'planner, chief-invigilator, invigilator, grader or reporter')
      .action(action<{ role: string }>(deps, (ctx, [code, username], opts) => runContributorsAdd(ctx, { code, username, role: opts.role }))),
    'tests contributors add TDT4100-H26 rita --role reporter',
    'tests contributors add TDT4100-H26 ingrid --role grader',
  );
}
