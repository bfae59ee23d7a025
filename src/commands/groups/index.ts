import { Command } from 'commander';
import type { Deps } from '../runtime.js';

export function groupsCommand(deps: Deps): Command {
  void deps;
  return new Command('groups').description('(not built yet)');
}
