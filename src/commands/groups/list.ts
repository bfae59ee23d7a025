import { Command } from 'commander';
import type { Context } from '../../context.js';
import { listGroups } from '../../domain/candidates/groups.js';
import { action, type Deps } from '../runtime.js';

export function runList(ctx: Context, opts: { code: string }) {
  const actor = ctx.actor;
  const rows = listGroups(ctx.db, actor, opts.code);
  if (ctx.out.json) ctx.out.emit(rows);
  else if (rows.length === 0) ctx.out.info(`No groups on ${opts.code}.`);
  else ctx.out.table(['group', 'members', 'candidates'], rows.map((r) => [r.group, r.members.length, r.members.join(', ')]));
  return rows;
}

export function listCommand(deps: Deps): Command {
  return new Command('list')
    .description("a test's groups and their members")
    .argument('<test>', 'test code')
    .action(action(deps, (ctx, [code]) => runList(ctx, { code })));
}
