import { Command } from 'commander';
import type { Context } from '../../context.js';
import { setUserActive } from '../../domain/people/users.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

/** Deactivate and reactivate: the same operation both ways. Repeating it is not an error. */
export function runSetActive(ctx: Context, opts: { username: string; active: boolean }) {
  const { user, changed } = setUserActive(ctx.db, ctx.actor, opts.username, opts.active, ctx.now());
  const word = opts.active ? 'reactivated' : 'deactivated';
  return result({
    json: { username: user.username, active: user.active, changed },
    notes: [changed ? `${user.username} is ${word}.` : `${user.username} was already ${word}; nothing changed.`],
  });
}

export function deactivateCommand(deps: Deps): Command {
  return examples(
    new Command('deactivate')
      .description('deactivate a user (it keeps its history; it can no longer act)')
      .argument('<username>')
      .action(action(deps, (ctx, [username]) => runSetActive(ctx, { username, active: false }))),
    'users deactivate kari',
  );
}
