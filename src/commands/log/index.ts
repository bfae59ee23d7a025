import type { Command } from 'commander';
import type { Deps } from '../runtime.js';
import { logCommandBuilder } from './read.js';

export function logCommand(deps: Deps): Command {
  return logCommandBuilder(deps);
}
