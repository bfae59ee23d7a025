import { Command } from 'commander';
import type { Deps } from '../runtime.js';

// Placeholder until this verb is built; registered by grades/index.ts.
export function undoCommand(deps: Deps): Command {
  void deps;
  return new Command('undo');
}
