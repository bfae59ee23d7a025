import { Command } from 'commander';
import type { Deps } from '../runtime.js';

export function candidatesCommand(deps: Deps): Command {
  void deps;
  return new Command('candidates').description('(not built yet)');
}
