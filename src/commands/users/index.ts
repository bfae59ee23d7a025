import { Command } from 'commander';
import type { Deps } from '../runtime.js';
import { addCommand } from './add.js';
import { importCommand } from './import.js';
import { listCommand } from './list.js';
import { showCommand } from './show.js';
import { updateCommand } from './update.js';
import { deactivateCommand } from './deactivate.js';
import { reactivateCommand } from './reactivate.js';
import { explainCommand } from './explain.js';

export function usersCommand(deps: Deps): Command {
  return new Command('users')
    .description('users: add, import, list, show, update, deactivate, reactivate, explain')
    .addCommand(addCommand(deps))
    .addCommand(importCommand(deps))
    .addCommand(listCommand(deps))
    .addCommand(showCommand(deps))
    .addCommand(updateCommand(deps))
    .addCommand(deactivateCommand(deps))
    .addCommand(reactivateCommand(deps))
    .addCommand(explainCommand(deps));
}
