import { Command } from 'commander';
import type { Deps } from '../runtime.js';

export function logCommand(deps: Deps): Command {
  void deps;
  return new Command('log').description('(not built yet)');
}
