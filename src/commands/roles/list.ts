import { Command } from 'commander';
import type { Context } from '../../context.js';
import { action, type Deps } from '../runtime.js';

export async function runList(ctx: Context, opts: { username?: string }) {
  const { listRoles } = await import('../../domain/access/role-admin.js');
  const { holdings, extendedUsers } = listRoles(ctx.db, ctx.actor, opts.username);
  const doc = opts.username !== undefined ? holdings[0] : holdings;
  if (ctx.out.json) ctx.out.emit(doc);
  else {
    if (holdings.length === 0) ctx.out.info('No active user holds a role.');
    else ctx.out.table(['username', 'roles', 'extended'], holdings.map((h) => [h.username, h.roles.join(', ') || '(none)', h.extended ? 'yes' : 'no']));
    if (opts.username === undefined) {
      ctx.out.line(
        `Extended access: ${extendedUsers.length} active user${extendedUsers.length === 1 ? '' : 's'}${extendedUsers.length ? ` (${extendedUsers.join(', ')})` : ''}`,
      );
    }
  }
  return doc;
}

export function listCommand(deps: Deps): Command {
  return new Command('list')
    .alias('ls')
    .description('roles in force per user (planner included where extended access implies it)')
    .argument('[username]')
    .action(action(deps, (ctx, [username]) => runList(ctx, { username })));
}
