import { Command } from 'commander';
import type { Deps } from '../runtime.js';
import { addCommand } from './add.js';
import { listCommand } from './list.js';

export function locationsCommand(deps: Deps): Command {
  return new Command('locations').description('exam locations and their capacity').addCommand(addCommand(deps)).addCommand(listCommand(deps));
}
