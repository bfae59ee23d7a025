import type { Command } from 'commander';
import type { Deps } from '../runtime.js';
import { logReadCommand } from './read.js';

/** `log` has no verbs of its own: the group is the read. */
export function logCommand(deps: Deps): Command {
  return logReadCommand(deps);
}
