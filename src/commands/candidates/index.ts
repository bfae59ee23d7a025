import { Command } from 'commander';
import type { Deps } from '../runtime.js';
import { addCommand } from './add.js';
import { importCommand } from './import.js';
import { listCommand } from './list.js';
import { statusCommand } from './status.js';

export function candidatesCommand(deps: Deps): Command {
  return new Command('candidates')
    .description("a test's candidates: add, import, list, status")
    .addCommand(addCommand(deps))
    .addCommand(importCommand(deps))
    .addCommand(listCommand(deps))
    .addCommand(statusCommand(deps));
}
