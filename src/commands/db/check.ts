import fs from 'node:fs';
import { Command } from 'commander';
import type { Context } from '../../context.js';
import type { CheckResult } from '../../db/maintenance.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { isPostgresUrl } from '../../db/port.js';
import type { PgDb } from '../../db/pg/client.js';

const UNREADABLE = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB']);

export interface CheckOptions {
  full?: boolean;
}

export async function runCheck(ctx: Context, opts: CheckOptions = {}) {
  const check = opts.full ? 'full' : 'quick';
  if (isPostgresUrl(ctx.dbPath)) {
    const { checkPostgres } = await import('../../db/pg/maintenance.js');
    return present(checkPostgres(ctx.db as PgDb, ctx.dbPath, check));
  }
  if (!fs.existsSync(ctx.dbPath)) throw new NotFoundError(`no database at ${ctx.dbPath}`);
  const { checkDatabase } = await import('../../db/maintenance.js');
  let r: CheckResult;
  try {
    r = checkDatabase(ctx.db, ctx.dbPath, check);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code && UNREADABLE.has(code)) {
      throw new ConflictError(`${ctx.dbPath}: the database cannot be read (${code}): ${(err as Error).message}; restore it from a backup`);
    }
    throw err;
  }
  return present(r);
}

function present(r: CheckResult) {
  const problems = [
    ...r.integrity,
    ...r.foreignKeys.map((f) => `${f.table} row ${f.rowid ?? '?'} points to a missing row in ${f.parent}`),
  ];
  if (!r.ok) return result({ json: r, error: new ConflictError(`${r.database}: ${problems.length} problem${problems.length === 1 ? '' : 's'} found`, problems) });
  const which = r.database.includes('://')
    ? 'schema and references'
    : r.check === 'full' ? 'full integrity check' : 'quick integrity check (--full also checks every index against its table)';
  return result({ json: r, notes: [`${r.database}: ${which} ok, foreign keys ok (schema version ${r.schemaVersion}).`] });
}

export function checkCommand(deps: Deps): Command {
  return examples(
    new Command('check')
      .description('integrity and foreign-key check (exit 0 only when clean, 5 listing the problems)')
      .option('--full', 'the full integrity check: also that every index matches its table (slower on a large database)')
      .action(action<CheckOptions>(deps, (ctx, _args, opts) => runCheck(ctx, opts))),
    'db check',
    'db check --full --json',
  );
}
