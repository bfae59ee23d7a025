import { Command } from 'commander';
import type { Deps } from '../runtime.js';
import { checkCommand } from './check.js';
import { createCommand } from './create.js';
import { importCommand } from './import.js';
import { joinCommand } from './join.js';
import { leaveCommand } from './leave.js';
import { listCommand } from './list.js';

export function groupsCommand(deps: Deps): Command {
  return new Command('groups')
    .description('group submission: create, join, leave, list, check, import')
    .addCommand(createCommand(deps))
    .addCommand(joinCommand(deps))
    .addCommand(leaveCommand(deps))
    .addCommand(listCommand(deps))
    .addCommand(checkCommand(deps))
    .addCommand(importCommand(deps));
}
