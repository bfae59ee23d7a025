import { Command } from 'commander';
import type { Deps } from '../runtime.js';

export function reportCommand(deps: Deps): Command {
  void deps;
  return new Command('report').description('(not built yet)');
}
