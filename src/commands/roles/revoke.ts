import { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { action, examples, splitList, type Deps } from '../runtime.js';
import { changesResult, requireUsernames } from './grant.js';

export interface RevokeOptions {
  usernames: string[];
  role?: string[];
}

export async function runRevoke(ctx: Context, opts: RevokeOptions) {
  const { parseRoles, revokeRoles } = await import('../../domain/access/role-admin.js');
  const names = splitList(opts.role);
  requireUsernames(opts.usernames, names);
  if (names.length === 0) throw new UsageError('name the roles to revoke with --role <role...>');
  return changesResult(revokeRoles(ctx.db, ctx.actor, opts.usernames, parseRoles(names), ctx.now()), 'revoked');
}

export function revokeCommand(deps: Deps): Command {
  return examples(
    new Command('revoke')
      .description('revoke system roles (a role not held is left alone)')
      .argument('[username...]', 'the users (required)')
      .option('--role <role...>', 'roles to revoke')
      .action(action<Omit<RevokeOptions, 'usernames'>>(deps, (ctx, [usernames], opts) => runRevoke(ctx, { ...opts, usernames }))),
    'roles revoke kari --role author',
    'roles revoke ingrid erik --role grader',
  );
}
