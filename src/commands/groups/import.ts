import { Command } from 'commander';
import type { Context } from '../../context.js';
import { importGroups } from '../../domain/groups.js';
import { requireActor } from '../../domain/users.js';
import { readTable } from '../../formats/tabular.js';
import { action, type Deps } from '../runtime.js';

export interface ImportOptions {
  code: string;
  file: string;
  sheet?: string;
  delimiter?: string;
  encoding?: string;
}

export async function runImport(ctx: Context, opts: ImportOptions) {
  const actor = requireActor(ctx.db, ctx.actor);
  const table = await readTable(opts.file, { sheet: opts.sheet, delimiter: opts.delimiter, encoding: opts.encoding });
  const r = importGroups(ctx.db, actor, opts.code, table, ctx.now());
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
  return new Command('import')
    .description('build predefined groups from a CSV/XLSX/ODS file (columns: group, candidate number); all or nothing')
    .argument('<test>', 'test code')
    .argument('<file>', 'file to read')
    .option('--sheet <name>', 'sheet to read (default: the first)')
    .option('--delimiter <c>', 'CSV delimiter (default: detected)')
    .option('--encoding <enc>', 'CSV encoding, e.g. windows-1252 (default utf-8)')
    .action(action<Omit<ImportOptions, 'code' | 'file'>>(deps, (ctx, [code, file], opts) => runImport(ctx, { ...opts, code, file })));
}
