import { Command } from 'commander';
import type { Deps } from '../runtime.js';

export function rolesCommand(deps: Deps): Command {
  void deps;
  return new Command('roles').description('(not built yet)');
}
