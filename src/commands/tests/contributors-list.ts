import { Command } from 'commander';
import type { Context } from '../../context.js';
import { listContributors, whyDormant } from '../../domain/access/contributors.js';
import { action, type Deps } from '../runtime.js';

export function runContributorsList(ctx: Context, opts: { code: string }) {
  const actor = ctx.actor;
  const rows = listContributors(ctx.db, actor, opts.code);
  if (ctx.out.json) ctx.out.emit(rows);
  else if (rows.length === 0) ctx.out.info(`No contributors on ${opts.code}.`);
  else ctx.out.table(['username', 'name', 'role', 'in force'], rows.map((r) => [r.username, r.name, r.role, r.active ? 'yes' : `no (${whyDormant(ctx.db, r)})`]));
  return rows;
}

export function contributorsListCommand(deps: Deps): Command {
  return new Command('list')
    .description("the test's contributors")
    .argument('<test>', 'test code')
    .action(action(deps, (ctx, [code]) => runContributorsList(ctx, { code })));
}
