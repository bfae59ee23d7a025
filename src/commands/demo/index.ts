import { Command } from 'commander';
import type { Deps } from '../runtime.js';

export function demoCommand(deps: Deps): Command {
  void deps;
  return new Command('demo').description('(not built yet)');
}
