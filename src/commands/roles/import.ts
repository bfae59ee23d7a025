import { Command } from 'commander';
import type { Context } from '../../context.js';
import type { RoleImportResult } from '../../domain/access/role-admin.js';
import { ValidationError } from '../../errors.js';
import { action, examples, type Deps } from '../runtime.js';
import { result, type Result } from '../../ui/result.js';
import { addSheetOptions, readSheet, sayNotes, type SheetFlags } from '../sheet-flags.js';

export interface ImportOptions extends SheetFlags {
  file: string;
  dryRun?: boolean;
}

export async function runImport(ctx: Context, opts: ImportOptions): Promise<Result> {
  const { importRoles, requireRoleImporter } = await import('../../domain/access/role-admin.js');
  requireRoleImporter(ctx.actor);
  const table = await readSheet(ctx, opts.file, opts);
  let r: RoleImportResult;
  try {
    r = importRoles(ctx.db, ctx.actor, table, { dryRun: Boolean(opts.dryRun) }, ctx.now());
  } catch (err) {
    sayNotes(ctx, table);
    const partial = (err as { result?: RoleImportResult }).result;
    if (err instanceof ValidationError && partial) return result({ json: { ...partial, sheet: table.sheet }, error: err });
    throw err;
  }
  sayNotes(ctx, table);
  const n = r.counts;
  return result({
    json: { ...r, sheet: table.sheet },
    human: r.changes.map((c) => {
      const parts = [...c.granted.map((g) => `+${g}`), ...c.revoked.map((g) => `-${g}`)];
      return `${c.username}: ${parts.join(' ')} → ${c.after.join(', ') || 'no role'}`;
    }),
    notes: [
      `${r.dryRun ? 'Dry run: would change' : 'Changed'} ${r.changes.length} user${r.changes.length === 1 ? '' : 's'} ` +
        `(${n.granted} granted, ${n.revoked} revoked; ${n.unchanged} unchanged) from ${n.rows} rows${r.dryRun ? '; nothing written' : ''}.`,
    ],
  });
}

export function importCommand(deps: Deps): Command {
  return examples(
    addSheetOptions(
      new Command('import')
        .description('grant and revoke roles from a file, in file order (all rows or none)')
        .argument('<file>', '.csv, .xlsx, .xls or .ods; columns username, role, action (grant|revoke, default grant)')
        .option('--dry-run', 'check the file and show what would change, writing nothing'),
    ).action(action<Omit<ImportOptions, 'file'>>(deps, (ctx, [file], opts) => runImport(ctx, { ...opts, file }))),
    'roles import roles.xlsx --dry-run',
    'roles import roles.csv',
  );
}
