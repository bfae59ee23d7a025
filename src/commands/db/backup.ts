import fs from 'node:fs';
import { Command } from 'commander';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { action, type Deps } from '../runtime.js';

export async function runBackup(ctx: Context, opts: { file: string }) {
  // Opening a missing database would create an empty one; backing that up helps no one.
  if (!fs.existsSync(ctx.dbPath)) throw new NotFoundError(`no database at ${ctx.dbPath}`);
  const { backupDatabase } = await import('../../db/maintenance.js');
  const result = await backupDatabase(ctx.db, ctx.actor, opts.file, { overwrite: ctx.yes, dbPath: ctx.dbPath }, ctx.now());
  if (ctx.out.json) ctx.out.emit(result);
  else ctx.out.info(`Backed up ${result.database} to ${result.backup} (${result.bytes} bytes, readable by its owner alone).`);
  return result;
}

export function backupCommand(deps: Deps): Command {
  return new Command('backup')
    .description('copy the database consistently, also while others write (SQLite backup API); --yes replaces an existing file')
    .argument('<file>')
    .action(action(deps, (ctx, [file]) => runBackup(ctx, { file })));
}
