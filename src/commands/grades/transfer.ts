import crypto from 'node:crypto';
import fs from 'node:fs';
import { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { toCsv, toXlsx, writePrivateFile } from '../../formats/write-sheet.js';
import {
  listTransfers,
  planTransfer,
  publicationDay,
  recordTransfer,
  registryCells,
  TRANSFER_HEADERS,
  type TransferPlan,
} from '../../domain/results/transfer.js';
import { action, examples, type Deps } from '../runtime.js';
import { formatOf, type Format } from './file-format.js';
import { result, verbatim } from '../../ui/result.js';

export interface TransferFlags {
  dryRun?: boolean;
  output?: string;
  format?: string;
  published?: string;
}

const docOf = (plan: TransferPlan, transfer: number | null, dryRun: boolean) => ({
  transfer,
  dryRun,
  rows: plan.rows.map((r) => ({ candidate: r.candidate, student: r.student, grade: r.grade, points: r.points, confirmed: r.confirmed, correction: r.correction })),
  held: plan.held,
});

async function fileOf(plan: TransferPlan, format: Format): Promise<string | Buffer> {
  const cells = plan.rows.map((r) => registryCells(plan.exam, r));
  if (format === 'csv') return toCsv(TRANSFER_HEADERS, cells, ',');
  if (format === 'xlsx') return toXlsx([{ name: plan.exam.code, head: TRANSFER_HEADERS, rows: cells, textColumns: [4] }]);
  return JSON.stringify(plan.rows.map((r) => Object.fromEntries(TRANSFER_HEADERS.map((h, i) => [h, registryCells(plan.exam, r)[i]]))), null, 2) + '\n';
}

/**
 * A test transfer (dry run) says what would go and who is held back; a real one writes the file
 * (mode 0600), records the transfer with the file's SHA-256, and publishes what it carried.
 */
export async function runTransfer(ctx: Context, test: string, o: TransferFlags) {
  const format = formatOf(o, ctx.out.json);
  if (format === 'xlsx' && !o.output) throw new UsageError('an XLSX transfer file needs --output <file.xlsx>');
  const published = publicationDay(o.published, ctx.now());
  const plan = planTransfer(ctx.db, ctx.actor, test);
  const heldNotes = plan.held.map((h) => `held back: candidate ${h.candidate}: ${h.reason}`);
  const human = (transfer: number | null) => ({
    head: ['candidate', 'student', 'grade', 'points', 'confirmed', 'correction'],
    rows: plan.rows.map((r) => [r.candidate, r.student ?? '', r.grade ?? '', r.points ?? '', r.confirmed, r.correction ? 'yes' : '']),
    empty: transfer === null && !o.dryRun ? `Nothing new to transfer on ${test}.` : `Nothing to transfer on ${test}.`,
  });
  if (o.dryRun || plan.rows.length === 0) {
    const lead = o.dryRun ? `Test transfer of ${test}: ${plan.rows.length} grade(s) would go to the registry; nothing changed.` : `Nothing new to transfer on ${test}; nothing recorded.`;
    return result({ json: docOf(plan, null, Boolean(o.dryRun)), human: human(null), notes: [lead, ...heldNotes] });
  }
  const data = await fileOf(plan, format);
  const sha256 = crypto.createHash('sha256').update(data).digest('hex');
  const file = { format, name: o.output ?? null, sha256, published };
  let number: number;
  if (o.output) {
    writePrivateFile(o.output, data);
    try {
      number = recordTransfer(ctx.db, ctx.actor, plan, file, ctx.now()).transfer;
    } catch (err) {
      // Not recorded, so not left behind either.
      fs.rmSync(o.output, { force: true });
      throw err;
    }
  } else number = recordTransfer(ctx.db, ctx.actor, plan, file, ctx.now()).transfer;
  const notes = [`Transfer ${number} of ${test}: ${plan.rows.length} grade(s) sent, published ${published}${o.output ? `, written to ${o.output}` : ''} (SHA-256 ${sha256}).`, ...heldNotes];
  if (!o.output && format !== 'json') {
    const text = String(data).replace(/\n$/, '') + '\n';
    return result({ json: verbatim(text), human: (page) => page.write(text), notes });
  }
  return result({ json: docOf(plan, number, false), human: human(number), notes });
}

export function transferCommand(deps: Deps): Command {
  return examples(
    new Command('transfer')
      .description('transfer confirmed grades to the student registry (planners): new ones, and changes as corrections; publishes them')
      .argument('<test>', 'test code')
      .option('--dry-run', 'a test transfer: what would go and who is held back, changing nothing')
      .option('--output <file>', 'write the transfer file here (else stdout)')
      .option('--format <format>', 'csv, xlsx or json (default csv, or from the --output name)')
      .option('--published <date>', 'the day the registry published the grades, YYYY-MM-DD (default today)')
      .action(action<TransferFlags>(deps, (ctx, [test], o) => runTransfer(ctx, test, o))),
    'grades transfer TDT4100-H26 --dry-run',
    'grades transfer TDT4100-H26 --output transfer-1.csv',
  );
}

export function runTransfers(ctx: Context, test: string) {
  const { transfers } = listTransfers(ctx.db, ctx.actor, test);
  return result({
    json: transfers,
    human: {
      head: ['transfer', 'published', 'at', 'by', 'rows', 'corrections', 'file', 'sha256'],
      rows: transfers.map((t) => [t.number, t.published, t.at, t.actor, t.rows, t.corrections, t.file ?? '(stdout)', t.sha256.slice(0, 16)]),
      empty: `No transfers on ${test}.`,
    },
  });
}

export function transfersCommand(deps: Deps): Command {
  return examples(
    new Command('transfers')
      .description("list a test's transfers to the student registry")
      .argument('<test>', 'test code')
      .action(action(deps, (ctx, [test]) => runTransfers(ctx, test))),
    'grades transfers TDT4100-H26',
  );
}
