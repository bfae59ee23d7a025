import { Command } from 'commander';
import { action, type Deps } from '../runtime.js';
import { runSetActive } from './deactivate.js';

export function reactivateCommand(deps: Deps): Command {
  return new Command('reactivate')
    .description('reactivate a deactivated user')
    .argument('<username>')
    .action(action(deps, (ctx, [username]) => runSetActive(ctx, { username, active: true })));
}
