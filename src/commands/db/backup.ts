import fs from 'node:fs';
import { Command } from 'commander';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { isPostgresUrl } from '../../db/port.js';

export async function runBackup(ctx: Context, opts: { file: string }) {
  if (isPostgresUrl(ctx.dbPath)) {
    const { backupPostgres } = await import('../../db/pg/maintenance.js');
    const b = backupPostgres(ctx.db, ctx.actor, opts.file, { overwrite: ctx.yes, url: ctx.dbPath }, ctx.now());
    return result({ json: b, notes: [`Backed up ${b.database} to ${b.backup} with pg_dump (${b.bytes} bytes, custom format, readable by its owner alone; pg_restore reads it).`] });
  }
  // Opening a missing database would create an empty one; backing that up helps no one.
  if (!fs.existsSync(ctx.dbPath)) throw new NotFoundError(`no database at ${ctx.dbPath}`);
  const { backupDatabase } = await import('../../db/maintenance.js');
  const b = await backupDatabase(ctx.db, ctx.actor, opts.file, { overwrite: ctx.yes, dbPath: ctx.dbPath }, ctx.now());
  return result({ json: b, notes: [`Backed up ${b.database} to ${b.backup} (${b.bytes} bytes, readable by its owner alone).`] });
}

export function backupCommand(deps: Deps): Command {
  return examples(
    new Command('backup')
      .description('copy the database consistently, also while others write (SQLite backup API, pg_dump on PostgreSQL); --yes replaces an existing file')
      .argument('<file>')
      .action(action(deps, (ctx, [file]) => runBackup(ctx, { file }))),
    'db backup exams-2026-12-01.db',
    'db backup nightly.db --yes',
  );
}
