import { Command } from 'commander';
import type { Context } from '../../context.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export async function runList(ctx: Context, opts: { username?: string }) {
  const { listRoles } = await import('../../domain/access/role-admin.js');
  const { holdings, extendedUsers } = listRoles(ctx.db, ctx.actor, opts.username);
  return result({
    json: opts.username !== undefined ? holdings[0] : holdings,
    human: (page) => {
      if (holdings.length === 0) ctx.out.info('No active user holds a role.');
      else page.table(['username', 'roles', 'extended'], holdings.map((h) => [h.username, h.roles.join(', ') || '(none)', h.extended ? 'yes' : 'no']));
      if (opts.username === undefined) {
        const n = extendedUsers.length;
        page.line(`Extended access: ${n} active user${n === 1 ? '' : 's'}${n ? ` (${extendedUsers.join(', ')})` : ''}`);
      }
    },
  });
}

export function listCommand(deps: Deps): Command {
  return examples(
    new Command('list')
      .alias('ls')
      .description('roles in force per user (planner included where extended access implies it)')
      .argument('[username]')
      .action(action(deps, (ctx, [username]) => runList(ctx, { username }))),
    'roles list',
    'roles list kari --json',
  );
}
