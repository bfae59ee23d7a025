import { Command } from 'commander';
import type { Context } from '../../context.js';
import { effectiveRoles } from '../../domain/people/users.js';
import { action, type Deps } from '../runtime.js';

export async function runExtended(ctx: Context, opts: { username: string; grant: boolean }) {
  const { setExtended } = await import('../../domain/access/role-admin.js');
  const { user, changed } = setExtended(ctx.db, ctx.actor, opts.username, opts.grant, ctx.now());
  const doc = { username: user.username, roles: effectiveRoles(user), extended: user.extended, changed };
  if (ctx.out.json) ctx.out.emit(doc);
  else if (!changed) ctx.out.info(`${user.username} ${opts.grant ? 'already has' : 'does not have'} extended access; nothing changed.`);
  else ctx.out.info(`${user.username}: extended access ${opts.grant ? 'granted (acts as planner on every test)' : 'revoked'}.`);
  return doc;
}

export function extendedCommand(deps: Deps): Command {
  const verb = (name: 'grant' | 'revoke') =>
    new Command(name)
      .description(`${name} extended access (only a user administrator with extended access may)`)
      .argument('<username>')
      .action(action(deps, (ctx, [username]) => runExtended(ctx, { username, grant: name === 'grant' })));
  return new Command('extended')
    .description('extended access: planner on every test without an invitation')
    .addCommand(verb('grant'))
    .addCommand(verb('revoke'));
}
