import { Command } from 'commander';
import type { Deps } from '../runtime.js';
import { addGraderCommand } from './add-grader.js';
import { assignCommand } from './assign.js';
import { createCommand } from './create.js';
import { listCommand } from './list.js';

export function committeesCommand(deps: Deps): Command {
  return new Command('committees')
    .description('grader committees: create, add-grader, assign, list')
    .addCommand(createCommand(deps))
    .addCommand(addGraderCommand(deps))
    .addCommand(assignCommand(deps))
    .addCommand(listCommand(deps));
}
