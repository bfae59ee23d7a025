import { Command } from 'commander';
import type { Context } from '../../context.js';
import { importCandidates } from '../../domain/candidates/candidate-admin.js';
import { action, type Deps } from '../runtime.js';
import { addSheetOptions, importSheet, type SheetFlags } from '../sheet-flags.js';

export interface ImportOptions extends SheetFlags {
  code: string;
  file: string;
}

export async function runImport(ctx: Context, opts: ImportOptions) {
  const actor = ctx.actor;
  const r = await importSheet(ctx, opts.file, opts, (table) => importCandidates(ctx.db, actor, opts.code, table, ctx.now()));
  if (ctx.out.json) ctx.out.emit(r);
  else ctx.out.info(`Imported ${opts.file} into ${r.test}: ${r.added} added, ${r.unchanged} already there.`);
  return r;
}

export function importCommand(deps: Deps): Command {
  return addSheetOptions(
    new Command('import')
      .description('register candidates from a CSV/XLSX/ODS file (columns: candidate number, student, status); all or nothing')
      .argument('<test>', 'test code')
      .argument('<file>', 'file to read'),
  ).action(action<Omit<ImportOptions, 'code' | 'file'>>(deps, (ctx, [code, file], opts) => runImport(ctx, { ...opts, code, file })));
}
