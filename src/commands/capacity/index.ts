import { Command } from 'commander';
import type { Deps } from '../runtime.js';

export function capacityCommand(deps: Deps): Command {
  void deps;
  return new Command('capacity').description('(not built yet)');
}
