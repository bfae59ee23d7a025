import { Command } from 'commander';
import type { Deps } from '../runtime.js';

// Placeholder: replaced by the grades work (issue 5). Registered by tests/index.ts.
export function thresholdsCommand(deps: Deps): Command {
  void deps;
  return new Command('thresholds').description('show or set the points thresholds of a points test');
}
