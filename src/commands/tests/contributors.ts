import { Command } from 'commander';
import type { Deps } from '../runtime.js';
import { contributorsAddCommand } from './contributors-add.js';
import { contributorsListCommand } from './contributors-list.js';
import { contributorsRemoveCommand } from './contributors-remove.js';

export function contributorsCommand(deps: Deps): Command {
  return new Command('contributors')
    .description('who acts on a test, and in which role')
    .addCommand(contributorsAddCommand(deps))
    .addCommand(contributorsRemoveCommand(deps))
    .addCommand(contributorsListCommand(deps));
}
