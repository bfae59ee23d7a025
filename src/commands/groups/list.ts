import { Command } from 'commander';
import type { Context } from '../../context.js';
import { listGroups } from '../../domain/candidates/groups.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runList(ctx: Context, opts: { code: string }) {
  const rows = listGroups(ctx.db, ctx.actor, opts.code);
  return result({
    json: rows,
    human: {
      head: ['group', 'members', 'candidates'],
      rows: rows.map((r) => [r.group, r.members.length, r.members.join(', ')]),
      empty: `No groups on ${opts.code}.`,
    },
  });
}

export function listCommand(deps: Deps): Command {
  return examples(
    new Command('list')
      .description("a test's groups and their members")
      .argument('<test>', 'test code')
      .action(action(deps, (ctx, [code]) => runList(ctx, { code }))),
    'groups list TDT4102-H26',
    'groups list TDT4102-H26 --json',
  );
}
