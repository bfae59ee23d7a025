import { Command } from 'commander';
import type { Deps } from '../runtime.js';

export function testsCommand(deps: Deps): Command {
  void deps;
  return new Command('tests').alias('exams').description('(not built yet)');
}
