import { Command } from 'commander';
import type { Context } from '../../context.js';
import { addContributor } from '../../domain/access/contributors.js';
import { action, type Deps } from '../runtime.js';

export interface ContributorOptions {
  code: string;
  username: string;
  role: string;
}

export function runContributorsAdd(ctx: Context, opts: ContributorOptions) {
  const actor = ctx.actor;
  const r = addContributor(ctx.db, actor, opts.code, opts.username, opts.role, ctx.now());
  const doc = { test: opts.code, ...r };
  if (ctx.out.json) ctx.out.emit(doc);
  else ctx.out.info(r.added ? `${r.username} is now ${r.role} on ${opts.code}.` : `${r.username} was already ${r.role} on ${opts.code}; nothing changed.`);
  return doc;
}

export function contributorsAddCommand(deps: Deps): Command {
  return new Command('add')
    .description('invite a user to the test in a contributor role (one of its system roles)')
    .argument('<test>', 'test code')
    .argument('<username>', 'user to invite')
    .requiredOption('--role <role>', 'planner, chief-invigilator, invigilator, grader or reporter')
    .action(action<{ role: string }>(deps, (ctx, [code, username], opts) => runContributorsAdd(ctx, { code, username, role: opts.role })));
}
