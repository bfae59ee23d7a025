import type { Command } from 'commander';
import type { Deps } from '../runtime.js';
import { capacityCheckCommand } from './check.js';

/** `capacity` has no verbs of its own: the group is the check. */
export function capacityCommand(deps: Deps): Command {
  return capacityCheckCommand(deps);
}
