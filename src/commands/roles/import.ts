import { Command } from 'commander';
import type { Context } from '../../context.js';
import type { RoleImportResult } from '../../domain/access/role-admin.js';
import { ValidationError } from '../../errors.js';
import { action, type Deps } from '../runtime.js';
import { addSheetOptions, readSheet, sayNotes, type SheetFlags } from '../sheet-flags.js';

export interface ImportOptions extends SheetFlags {
  file: string;
  dryRun?: boolean;
}

export async function runImport(ctx: Context, opts: ImportOptions): Promise<RoleImportResult> {
  const { importRoles, requireRoleImporter } = await import('../../domain/access/role-admin.js');
  requireRoleImporter(ctx.actor);
  const table = await readSheet(ctx, opts.file, opts);
  let result: RoleImportResult;
  try {
    result = importRoles(ctx.db, ctx.actor, table, { dryRun: Boolean(opts.dryRun) }, ctx.now());
  } catch (err) {
    sayNotes(ctx, table);
    const partial = (err as { result?: RoleImportResult }).result;
    if (err instanceof ValidationError && partial && ctx.out.json) ctx.out.emit({ ...partial, sheet: table.sheet });
    throw err;
  }
  sayNotes(ctx, table);
  if (ctx.out.json) ctx.out.emit({ ...result, sheet: table.sheet });
  else {
    for (const c of result.changes) {
      const parts = [...c.granted.map((r) => `+${r}`), ...c.revoked.map((r) => `-${r}`)];
      ctx.out.line(`${c.username}: ${parts.join(' ')} → ${c.after.join(', ') || 'no role'}`);
    }
    const n = result.counts;
    ctx.out.info(
      `${result.dryRun ? 'Dry run: would change' : 'Changed'} ${result.changes.length} user${result.changes.length === 1 ? '' : 's'} ` +
        `(${n.granted} granted, ${n.revoked} revoked; ${n.unchanged} unchanged) from ${n.rows} rows${result.dryRun ? '; nothing written' : ''}.`,
    );
  }
  return result;
}

export function importCommand(deps: Deps): Command {
  return addSheetOptions(
    new Command('import')
      .description('grant and revoke roles from a file, in file order (all rows or none)')
      .argument('<file>', '.csv, .xlsx, .xls or .ods; columns username, role, action (grant|revoke, default grant)')
      .option('--dry-run', 'check the file and show what would change, writing nothing'),
  ).action(action<Omit<ImportOptions, 'file'>>(deps, (ctx, [file], opts) => runImport(ctx, { ...opts, file })));
}
