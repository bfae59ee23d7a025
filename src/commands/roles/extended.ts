import { Command } from 'commander';
import type { Context } from '../../context.js';
import { effectiveRoles } from '../../domain/people/users.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export async function runExtended(ctx: Context, opts: { username: string; grant: boolean }) {
  const { setExtended } = await import('../../domain/access/role-admin.js');
  const { user, changed } = setExtended(ctx.db, ctx.actor, opts.username, opts.grant, ctx.now());
  return result({
    json: { username: user.username, roles: effectiveRoles(user), extended: user.extended, changed },
    notes: [
      changed
        ? `${user.username}: extended access ${opts.grant ? 'granted (acts as planner on every test)' : 'revoked'}.`
        : `${user.username} ${opts.grant ? 'already has' : 'does not have'} extended access; nothing changed.`,
    ],
  });
}

export function extendedCommand(deps: Deps): Command {
  const verb = (name: 'grant' | 'revoke') =>
    examples(
      new Command(name)
        .description(`${name} extended access (only a user administrator with extended access may)`)
        .argument('<username>')
        .action(action(deps, (ctx, [username]) => runExtended(ctx, { username, grant: name === 'grant' }))),
      `roles extended ${name} kari`,
    );
  return new Command('extended')
    .description('extended access: planner on every test without an invitation')
    .addCommand(verb('grant'))
    .addCommand(verb('revoke'));
}
