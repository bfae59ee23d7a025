import { Command } from 'commander';
import type { Context } from '../../context.js';
import { isRole, ROLES, type Role } from '../../domain/access/roles.js';
import { streamUsers, userToJson } from '../../domain/people/users.js';
import { UsageError } from '../../errors.js';
import { action, examples, type Deps } from '../runtime.js';
import { jsonArray, result } from '../../ui/result.js';
import { map } from '../../iter.js';
import { parseKind } from './flags.js';

export interface ListOptions {
  role?: string;
  kind?: string;
  all?: boolean;
}

export function runList(ctx: Context, opts: ListOptions) {
  if (opts.role !== undefined && !isRole(opts.role)) {
    throw new UsageError(`--role: unknown role "${opts.role}"; the roles are: ${ROLES.join(', ')}`);
  }
  const users = streamUsers(ctx.db, ctx.actor, { role: opts.role as Role | undefined, kind: parseKind(opts.kind), all: opts.all });
  // A script's document is written as the users are read; a person's table needs them all for its widths.
  if (ctx.out.json) return result({ json: jsonArray(map(users, userToJson)) });
  const head = ['username', 'name', 'email', 'kind', 'login', 'roles', ...(opts.all ? ['active'] : [])];
  const rows = [...map(users, userToJson)].map((u) => [
    u.username,
    u.name,
    u.email,
    u.kind,
    u.logins.join(','),
    u.roles.join(',') + (u.extended ? ' +extended' : ''),
    ...(opts.all ? [u.active ? 'yes' : 'no'] : []),
  ]);
  return result({ human: { head, rows, empty: 'No users match.' } });
}

export function listCommand(deps: Deps): Command {
  return examples(
    new Command('list')
      .alias('ls')
      .description('list active users (--all adds deactivated ones)')
      .option('--role <role>', 'only users holding this role (planner includes extended access)')
      .option('--kind <kind>', 'only employee, external or student users')
      .option('--all', 'include deactivated users')
      .action(action<ListOptions>(deps, (ctx, _args, opts) => runList(ctx, opts))),
    'users list --role grader',
    'users list --all --json',
  );
}
