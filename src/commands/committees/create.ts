import { Command } from 'commander';
import type { Context } from '../../context.js';
import { createCommittee } from '../../domain/grading/committees.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runCreate(ctx: Context, opts: { code: string; name: string }) {
  const c = createCommittee(ctx.db, ctx.actor, opts.code, opts.name, ctx.now());
  return result({ json: { test: opts.code, committee: c.name }, notes: [`Created committee ${c.name} on ${opts.code}.`] });
}

export function createCommand(deps: Deps): Command {
  return examples(
    new Command('create')
      .description('create a grader committee on a test')
      .argument('<test>', 'test code')
      .argument('<committee>', 'committee name')
      .action(action(deps, (ctx, [code, name]) => runCreate(ctx, { code, name }))),
    'committees create TDT4100-H26 K1',
  );
}
