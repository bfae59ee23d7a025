import { Command } from 'commander';
import type { Deps } from '../runtime.js';

export function locationsCommand(deps: Deps): Command {
  void deps;
  return new Command('locations').description('(not built yet)');
}
