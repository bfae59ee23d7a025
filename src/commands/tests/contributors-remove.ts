import { Command } from 'commander';
import type { Context } from '../../context.js';
import { removeContributor } from '../../domain/access/contributors.js';
import { action, type Deps } from '../runtime.js';
import type { ContributorOptions } from './contributors-add.js';

export function runContributorsRemove(ctx: Context, opts: ContributorOptions) {
  const actor = ctx.actor;
  const r = removeContributor(ctx.db, actor, opts.code, opts.username, opts.role, ctx.now());
  const doc = { test: opts.code, ...r };
  if (ctx.out.json) ctx.out.emit(doc);
  else {
    ctx.out.info(`${r.username} is no longer ${r.role} on ${opts.code}.`);
    if (r.committees.length) ctx.out.info(`Also removed from committee${r.committees.length === 1 ? '' : 's'} ${r.committees.join(', ')}.`);
  }
  return doc;
}

export function contributorsRemoveCommand(deps: Deps): Command {
  return new Command('remove')
    .description("withdraw a user's contributor role on the test")
    .argument('<test>', 'test code')
    .argument('<username>', 'user')
    .requiredOption('--role <role>', 'planner, chief-invigilator, invigilator, grader or reporter')
    .action(action<{ role: string }>(deps, (ctx, [code, username], opts) => runContributorsRemove(ctx, { code, username, role: opts.role })));
}
