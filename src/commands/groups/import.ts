import { Command } from 'commander';
import type { Context } from '../../context.js';
import { importGroups } from '../../domain/candidates/groups.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { addSheetOptions, importSheet, type SheetFlags } from '../sheet-flags.js';

export interface ImportOptions extends SheetFlags {
  code: string;
  file: string;
}

export async function runImport(ctx: Context, opts: ImportOptions) {
  const r = await importSheet(ctx, opts.file, opts, (table) => importGroups(ctx.db, ctx.actor, opts.code, table, ctx.now()));
  return result({
    json: r,
    notes: [
      `Imported ${opts.file} into ${r.test}: ${r.groupsCreated.length} group${r.groupsCreated.length === 1 ? '' : 's'} created, ` +
        `${r.assigned} candidates placed, ${r.moved} moved, ${r.unchanged} unchanged.`,
    ],
  });
}

export function importCommand(deps: Deps): Command {
  return examples(
    addSheetOptions(
      new Command('import')
        .description('build predefined groups from a CSV/XLSX/ODS file (columns: group, candidate number); all or nothing')
        .argument('<test>', 'test code')
        .argument('<file>', 'file to read'),
    ).action(action<Omit<ImportOptions, 'code' | 'file'>>(deps, (ctx, [code, file], opts) => runImport(ctx, { ...opts, code, file }))),
    'groups import TDT4102-H26 groups.xlsx',
    'groups import TDT4102-H26 groups.csv --delimiter ";"',
  );
}
