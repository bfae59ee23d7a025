import { Command } from 'commander';
import type { Context } from '../../context.js';
import { importCandidates } from '../../domain/candidate-admin.js';
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
  const r = importCandidates(ctx.db, actor, opts.code, table, ctx.now());
  if (ctx.out.json) ctx.out.emit(r);
  else ctx.out.info(`Imported ${opts.file} into ${r.test}: ${r.added} added, ${r.unchanged} already there.`);
  return r;
}

export function importCommand(deps: Deps): Command {
  return new Command('import')
    .description('register candidates from a CSV/XLSX/ODS file (columns: candidate number, student, status); all or nothing')
    .argument('<test>', 'test code')
    .argument('<file>', 'file to read')
    .option('--sheet <name>', 'sheet to read (default: the first)')
    .option('--delimiter <c>', 'CSV delimiter (default: detected)')
    .option('--encoding <enc>', 'CSV encoding, e.g. windows-1252 (default utf-8)')
    .action(action<Omit<ImportOptions, 'code' | 'file'>>(deps, (ctx, [code, file], opts) => runImport(ctx, { ...opts, code, file })));
}
