import { Command } from 'commander';
import type { Context } from '../../context.js';
import { listCommittees } from '../../domain/grading/committees.js';
import { action, type Deps } from '../runtime.js';

export function runList(ctx: Context, opts: { code: string }) {
  const actor = ctx.actor;
  const rows = listCommittees(ctx.db, actor, opts.code);
  if (ctx.out.json) ctx.out.emit(rows);
  else if (rows.length === 0) ctx.out.info(`No committees on ${opts.code}.`);
  else ctx.out.table(['committee', 'graders', 'candidates'], rows.map((r) => [r.committee, r.graders.join(', '), r.candidates]));
  return rows;
}

export function listCommand(deps: Deps): Command {
  return new Command('list')
    .description("a test's committees with their graders and number of candidates")
    .argument('<test>', 'test code')
    .action(action(deps, (ctx, [code]) => runList(ctx, { code })));
}
