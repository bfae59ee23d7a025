import { Command } from 'commander';
import type { Context } from '../../context.js';
import { listCommittees } from '../../domain/grading/committees.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runList(ctx: Context, opts: { code: string }) {
  const rows = listCommittees(ctx.db, ctx.actor, opts.code);
  return result({
    json: rows,
    human: {
      head: ['committee', 'graders', 'candidates'],
      rows: rows.map((r) => [r.committee, r.graders.join(', '), r.candidates]),
      empty: `No committees on ${opts.code}.`,
    },
  });
}

export function listCommand(deps: Deps): Command {
  return examples(
    new Command('list')
      .description("a test's committees with their graders and number of candidates")
      .argument('<test>', 'test code')
      .action(action(deps, (ctx, [code]) => runList(ctx, { code }))),
    'committees list TDT4100-H26',
    'committees list TDT4100-H26 --json',
  );
}
