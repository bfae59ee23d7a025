import { Command } from 'commander';
import type { Context } from '../../context.js';
import { setUserActive } from '../../domain/people/users.js';
import { action, type Deps } from '../runtime.js';

/** Deactivate and reactivate: the same operation both ways. Repeating it is not an error. */
export function runSetActive(ctx: Context, opts: { username: string; active: boolean }) {
  const { user, changed } = setUserActive(ctx.db, ctx.actor, opts.username, opts.active, ctx.now());
  const doc = { username: user.username, active: user.active, changed };
  const word = opts.active ? 'reactivated' : 'deactivated';
  if (ctx.out.json) ctx.out.emit(doc);
  else ctx.out.info(changed ? `${user.username} is ${word}.` : `${user.username} was already ${word}; nothing changed.`);
  return doc;
}

export function deactivateCommand(deps: Deps): Command {
  return new Command('deactivate')
    .description('deactivate a user (it keeps its history; it can no longer act)')
    .argument('<username>')
    .action(action(deps, (ctx, [username]) => runSetActive(ctx, { username, active: false })));
}
