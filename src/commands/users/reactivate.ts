import { Command } from 'commander';
import { action, examples, type Deps } from '../runtime.js';
import { runSetActive } from './deactivate.js';

export function reactivateCommand(deps: Deps): Command {
  return examples(
    new Command('reactivate')
      .description('reactivate a deactivated user')
      .argument('<username>')
      .action(action(deps, (ctx, [username]) => runSetActive(ctx, { username, active: true }))),
    'users reactivate kari',
  );
}
