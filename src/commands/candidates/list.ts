import { Command } from 'commander';
import type { Context } from '../../context.js';
import { listCandidateViews } from '../../domain/candidates/candidate-admin.js';
import { action, type Deps } from '../runtime.js';

export function runList(ctx: Context, opts: { code: string; status?: string }) {
  const actor = ctx.actor;
  const rows = listCandidateViews(ctx.db, actor, opts.code, opts.status);
  if (ctx.out.json) ctx.out.emit(rows);
  else if (rows.length === 0) ctx.out.info(`No candidates${opts.status ? ` with status ${opts.status}` : ''} on ${opts.code}.`);
  else ctx.out.table(['candidate', 'student', 'status', 'committee', 'group'], rows.map((r) => [r.candidate, r.student, r.status, r.committee, r.group]));
  return rows;
}

export function listCommand(deps: Deps): Command {
  return new Command('list')
    .description("a test's candidates")
    .argument('<test>', 'test code')
    .option('--status <status>', 'only candidates with this status')
    .action(action<{ status?: string }>(deps, (ctx, [code], opts) => runList(ctx, { code, status: opts.status })));
}
