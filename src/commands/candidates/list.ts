import { Command } from 'commander';
import type { Context } from '../../context.js';
import { streamCandidateViews } from '../../domain/candidates/candidate-admin.js';
import { action, examples, type Deps } from '../runtime.js';
import { jsonArray, result } from '../../ui/result.js';

export function runList(ctx: Context, opts: { code: string; status?: string }) {
  const views = streamCandidateViews(ctx.db, ctx.actor, opts.code, opts.status);
  // A script's document is written as the candidates are read; a table needs them all for its widths.
  if (ctx.out.json) return result({ json: jsonArray(views) });
  const rows = [...views];
  return result({
    human: {
      head: ['candidate', 'student', 'status', 'committee', 'group'],
      rows: rows.map((r) => [r.candidate, r.student, r.status, r.committee, r.group]),
      empty: `No candidates${opts.status ? ` with status ${opts.status}` : ''} on ${opts.code}.`,
    },
  });
}

export function listCommand(deps: Deps): Command {
  return examples(
    new Command('list')
      .description("a test's candidates")
      .argument('<test>', 'test code')
      .option('--status <status>', 'only candidates with this status')
      .action(action<{ status?: string }>(deps, (ctx, [code], opts) => runList(ctx, { code, status: opts.status }))),
    'candidates list TDT4100-H26',
    'candidates list TDT4100-H26 --status absent',
  );
}
