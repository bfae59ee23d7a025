import { Command } from 'commander';
import type { Deps } from '../runtime.js';
import { checkCommand } from './check.js';
import { contributorsCommand } from './contributors.js';
import { createCommand } from './create.js';
import { listCommand } from './list.js';
import { showCommand } from './show.js';
import { thresholdsCommand } from './thresholds.js';
import { updateCommand } from './update.js';

export function testsCommand(deps: Deps): Command {
  return new Command('tests')
    .alias('exams')
    .description('tests (exams): create, list, show, update, check, contributors, thresholds')
    .addCommand(createCommand(deps))
    .addCommand(listCommand(deps))
    .addCommand(showCommand(deps))
    .addCommand(updateCommand(deps))
    .addCommand(checkCommand(deps))
    .addCommand(contributorsCommand(deps))
    .addCommand(thresholdsCommand(deps));
}
