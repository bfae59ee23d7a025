import { Command } from 'commander';
import type { Context } from '../../context.js';
import { createCommittee } from '../../domain/grading/committees.js';
import { createAppealCommittee } from '../../domain/results/appeals.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runCreate(ctx: Context, opts: { code: string; name: string; appeal?: boolean }) {
  const c = opts.appeal
    ? createAppealCommittee(ctx.db, ctx.actor, opts.code, opts.name, ctx.now())
    : createCommittee(ctx.db, ctx.actor, opts.code, opts.name, ctx.now());
  const json = opts.appeal ? { test: opts.code, committee: c.name, appeal: true } : { test: opts.code, committee: c.name };
  return result({ json, notes: [`Created ${opts.appeal ? 'appeal committee' : 'committee'} ${c.name} on ${opts.code}.`] });
}

export function createCommand(deps: Deps): Command {
  return examples(
    new Command('create')
      .description('create a grader committee on a test')
      .argument('<test>', 'test code')
      .argument('<committee>', 'committee name')
      .option('--appeal', 'an appeal committee: at least two graders, one external, none who graded the appellants before')
      .action(action<{ appeal?: boolean }>(deps, (ctx, [code, name], o) => runCreate(ctx, { code, name, appeal: o.appeal }))),
    'committees create TDT4100-H26 K1',
    'committees create TDT4100-H26 KLAGE1 --appeal',
  );
}
