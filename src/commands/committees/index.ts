import { Command } from 'commander';
import type { Deps } from '../runtime.js';

export function committeesCommand(deps: Deps): Command {
  void deps;
  return new Command('committees').description('(not built yet)');
}
