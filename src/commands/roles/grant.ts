import { Command } from 'commander';
import type { Context } from '../../context.js';
import type { RoleChange } from '../../domain/access/role-admin.js';
import { ROLES } from '../../domain/access/roles.js';
import { UsageError } from '../../errors.js';
import { action, examples, splitList, type Deps } from '../runtime.js';
import { result, type Result } from '../../ui/result.js';

export interface GrantOptions {
  usernames: string[];
  role?: string[];
  profile?: string;
}

/** What grant and revoke report: one row per user with what changed. */
export function changesResult(changes: RoleChange[], verb: 'granted' | 'revoked'): Result {
  return result({
    json: changes.map((c) => ({ username: c.username, roles: c.inForce, [verb]: verb === 'granted' ? c.added : c.removed })),
    notes: changes.map((c) => {
      const moved = verb === 'granted' ? c.added : c.removed;
      return moved.length
        ? `${c.username}: ${verb} ${moved.join(', ')} (now ${c.inForce.join(', ') || 'no role'})`
        : `${c.username}: nothing to change (${c.inForce.join(', ') || 'no role'})`;
    }),
  });
}

/**
 * `--role <role...>` takes every word after it, so `roles grant --role grader kari` reads kari as a
 * role and leaves no username: say so, rather than commander's bare "missing argument".
 */
export function requireUsernames(usernames: string[], roleNames: string[]): void {
  if (usernames.length > 0) return;
  const words = roleNames.filter((r) => !(ROLES as readonly string[]).includes(r));
  throw new UsageError(
    words.length
      ? `no username given: every word after --role is read as a role (${words.map((w) => `"${w}"`).join(', ')} ` +
          `${words.length === 1 ? 'is not one' : 'are not roles'}); name the users first (<username...> --role <role...>) or end the roles with --`
      : 'missing required argument: <username...>',
  );
}

export async function runGrant(ctx: Context, opts: GrantOptions) {
  const { grantRoles, parseRoles, profileRoles } = await import('../../domain/access/role-admin.js');
  const roleNames = splitList(opts.role);
  requireUsernames(opts.usernames, roleNames);
  if ((roleNames.length > 0) === (opts.profile !== undefined)) {
    throw new UsageError('name the roles with --role <role...> or a profile with --profile academic|external-grader|administrative (one of the two)');
  }
  const roles = opts.profile !== undefined ? profileRoles(opts.profile) : parseRoles(roleNames);
  return changesResult(grantRoles(ctx.db, ctx.actor, opts.usernames, roles, ctx.now()), 'granted');
}

export function grantCommand(deps: Deps): Command {
  return examples(
    new Command('grant')
      .description('grant system roles to users (all of them or none)')
      .argument('[username...]', 'the users (required)')
      .option('--role <role...>', 'roles: user-administrator, planner, author, grader, invigilator, chief-invigilator, reporter')
      .option('--profile <profile>', 'academic (author, grader), external-grader (grader), administrative (planner, author, grader)')
      .action(action<Omit<GrantOptions, 'usernames'>>(deps, (ctx, [usernames], opts) => runGrant(ctx, { ...opts, usernames }))),
    'roles grant kari --role planner author',
    'roles grant ingrid erik --profile academic',
  );
}
