import { Command } from 'commander';
import type { Context } from '../../context.js';
import { importGroups } from '../../domain/candidates/groups.js';
import { action, type Deps } from '../runtime.js';
import { addSheetOptions, importSheet, type SheetFlags } from '../sheet-flags.js';

export interface ImportOptions extends SheetFlags {
  code: string;
  file: string;
}

export async function runImport(ctx: Context, opts: ImportOptions) {
  const actor = ctx.actor;
  const r = await importSheet(ctx, opts.file, opts, (table) => importGroups(ctx.db, actor, opts.code, table, ctx.now()));
  if (ctx.out.json) ctx.out.emit(r);
  else {
    ctx.out.info(
      `Imported ${opts.file} into ${r.test}: ${r.groupsCreated.length} group${r.groupsCreated.length === 1 ? '' : 's'} created, ` +
        `${r.assigned} candidates placed, ${r.moved} moved, ${r.unchanged} unchanged.`,
    );
  }
  return r;
}

export function importCommand(deps: Deps): Command {
  return addSheetOptions(
    new Command('import')
      .description('build predefined groups from a CSV/XLSX/ODS file (columns: group, candidate number); all or nothing')
      .argument('<test>', 'test code')
      .argument('<file>', 'file to read'),
  ).action(action<Omit<ImportOptions, 'code' | 'file'>>(deps, (ctx, [code, file], opts) => runImport(ctx, { ...opts, code, file })));
}
