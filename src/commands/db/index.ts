import { Command } from 'commander';
import type { Deps } from '../runtime.js';

export function dbCommand(deps: Deps): Command {
  void deps;
  return new Command('db').description('(not built yet)');
}
