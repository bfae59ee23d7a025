import { Command } from 'commander';
import type { Context } from '../../context.js';
import { importCandidates } from '../../domain/candidates/candidate-admin.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { addSheetOptions, importSheet, type SheetFlags } from '../sheet-flags.js';

export interface ImportOptions extends SheetFlags {
  code: string;
  file: string;
}

export async function runImport(ctx: Context, opts: ImportOptions) {
  const r = await importSheet(ctx, opts.file, opts, (table) => importCandidates(ctx.db, ctx.actor, opts.code, table, ctx.now()));
  return result({ json: r, notes: [`Imported ${opts.file} into ${r.test}: ${r.added} added, ${r.unchanged} already there.`] });
}

export function importCommand(deps: Deps): Command {
  return examples(
    addSheetOptions(
      new Command('import')
        .description('register candidates from a CSV/XLSX/ODS file (columns: candidate number, student, status); all or nothing')
        .argument('<test>', 'test code')
        .argument('<file>', 'file to read'),
    ).action(action<Omit<ImportOptions, 'code' | 'file'>>(deps, (ctx, [code, file], opts) => runImport(ctx, { ...opts, code, file }))),
    'candidates import TDT4100-H26 kandidater.csv',
    "candidates import TDT4100-H26 candidates.xlsx --sheet 'Autumn 2026'",
  );
}
