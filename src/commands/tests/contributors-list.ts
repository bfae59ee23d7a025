import { Command } from 'commander';
import type { Context } from '../../context.js';
import { listContributors, whyDormant } from '../../domain/access/contributors.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runContributorsList(ctx: Context, opts: { code: string }) {
  const rows = listContributors(ctx.db, ctx.actor, opts.code);
  return result({
    json: rows,
    human: {
      head: ['username', 'name', 'role', 'in force'],
      rows: rows.map((r) => [r.username, r.name, r.role, r.active ? 'yes' : `no (${whyDormant(ctx.db, r)})`]),
      empty: `No contributors on ${opts.code}.`,
    },
  });
}

export function contributorsListCommand(deps: Deps): Command {
  return examples(
    new Command('list')
      .description("the test's contributors")
      .argument('<test>', 'test code')
      .action(action(deps, (ctx, [code]) => runContributorsList(ctx, { code }))),
    'tests contributors list TDT4100-H26',
    'tests contributors list TDT4100-H26 --json',
  );
}
