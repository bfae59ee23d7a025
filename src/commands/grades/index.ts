import { Command } from 'commander';
import { transferCommand, transfersCommand } from './transfer.js';
import { correctCommand } from './correct.js';
import type { Deps } from '../runtime.js';
import { setCommand } from './set.js';
import { clearCommand } from './clear.js';
import { listCommand } from './list.js';
import { shareCommand } from './share.js';
import { confirmCommand } from './confirm.js';
import { reopenCommand } from './reopen.js';
import { importCommand } from './import.js';
import { importsCommand } from './imports.js';
import { undoCommand } from './undo.js';
import { exportCommand } from './export.js';
import { sheetCommand } from './sheet.js';
import { aggregateCommand } from './aggregate.js';

export function gradesCommand(deps: Deps): Command {
  return new Command('grades')
    .description('grades: set, import, export, share, confirm, reopen, undo, transfer')
    .addCommand(setCommand(deps))
    .addCommand(clearCommand(deps))
    .addCommand(listCommand(deps))
    .addCommand(shareCommand(deps))
    .addCommand(confirmCommand(deps))
    .addCommand(reopenCommand(deps))
    .addCommand(importCommand(deps))
    .addCommand(importsCommand(deps))
    .addCommand(undoCommand(deps))
    .addCommand(exportCommand(deps))
    .addCommand(sheetCommand(deps))
    .addCommand(aggregateCommand(deps))
    .addCommand(transferCommand(deps))
    .addCommand(transfersCommand(deps))
    .addCommand(correctCommand(deps));
}
