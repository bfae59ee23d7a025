import { Command } from 'commander';
import type { Deps } from '../runtime.js';
import { backupCommand } from './backup.js';
import { checkCommand } from './check.js';

export function dbCommand(deps: Deps): Command {
  return new Command('db')
    .description('database maintenance: backup, check')
    .addCommand(backupCommand(deps))
    .addCommand(checkCommand(deps));
}
