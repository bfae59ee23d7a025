import { Command } from 'commander';
import type { Deps } from '../runtime.js';

export function gradesCommand(deps: Deps): Command {
  void deps;
  return new Command('grades').description('(not built yet)');
}
