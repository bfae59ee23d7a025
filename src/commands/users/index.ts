import { Command } from 'commander';
import type { Deps } from '../runtime.js';

export function usersCommand(deps: Deps): Command {
  void deps;
  return new Command('users').description('(not built yet)');
}
