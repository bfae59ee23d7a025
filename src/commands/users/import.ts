import { Command } from 'commander';
import type { Context } from '../../context.js';
import type { UserImportResult } from '../../domain/people/user-import.js';
import { DEFAULT_IMPORT_MODE, type ImportMode } from '../../domain/people/user.js';
import { UsageError, ValidationError } from '../../errors.js';
import { action, examples, type Deps } from '../runtime.js';
import { result, type Result } from '../../ui/result.js';
import { addSheetOptions, readSheet, sayNotes, type SheetFlags } from '../sheet-flags.js';

export interface ImportOptions extends SheetFlags {
  file: string;
  mode?: string;
  dryRun?: boolean;
}

export async function runImport(ctx: Context, opts: ImportOptions): Promise<Result> {
  // Loaded here, not at start-up: the import pulls in the sheet readers.
  const { importUsers, IMPORT_MODES, requireUserImporter } = await import('../../domain/people/user-import.js');
  const mode = (opts.mode ?? DEFAULT_IMPORT_MODE) as ImportMode;
  if (!IMPORT_MODES.includes(mode)) throw new UsageError(`--mode: "${opts.mode}" is not a mode; expected add, update or upsert`);
  requireUserImporter(ctx.actor);
  const table = await readSheet(ctx, opts.file, opts);
  let r: UserImportResult;
  try {
    r = importUsers(ctx.db, ctx.actor, table, { mode, dryRun: Boolean(opts.dryRun) }, ctx.now());
  } catch (err) {
    sayNotes(ctx, table);
    const partial = (err as { result?: UserImportResult }).result;
    if (err instanceof ValidationError && partial) return result({ json: { ...partial, sheet: table.sheet }, error: err });
    throw err;
  }
  sayNotes(ctx, table);
  const c = r.counts;
  const plan = [
    ...r.added.map((u) => `add      ${u}`),
    ...r.updated.map((u) => {
      const what = Object.entries(u.changes).map(([k, v]) => `${k} ${JSON.stringify(v.old)} → ${JSON.stringify(v.new)}`);
      return `update   ${u.username}: ${what.join(', ')}`;
    }),
    ...r.unchanged.map((u) => `same     ${u}`),
  ];
  return result({
    json: { ...r, sheet: table.sheet },
    human: r.dryRun ? plan : [],
    notes: [
      r.dryRun
        ? `Dry run: ${c.added} would be added, ${c.updated} updated, ${c.unchanged} unchanged; nothing written.`
        : `${r.file}: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged.`,
    ],
  });
}

export function importCommand(deps: Deps): Command {
  return examples(
    addSheetOptions(
      new Command('import')
        .description('add or update users from a CSV or spreadsheet (all rows or none)')
        .argument('<file>', '.csv, .xlsx, .xls or .ods; columns username, name, email, kind, login, nin, feide activated')
        .option('--mode <mode>', 'add (new users only), update (existing only) or upsert', DEFAULT_IMPORT_MODE)
        .option('--dry-run', 'check the file and show what would change, writing nothing'),
    ).action(action<Omit<ImportOptions, 'file'>>(deps, (ctx, [file], opts) => runImport(ctx, { ...opts, file }))),
    'users import staff.xlsx --dry-run',
    'users import staff.csv --mode upsert',
  );
}
