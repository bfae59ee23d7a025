import { Command } from 'commander';
import type { Context } from '../../context.js';
import { createCommittee } from '../../domain/grading/committees.js';
import { action, type Deps } from '../runtime.js';

export function runCreate(ctx: Context, opts: { code: string; name: string }) {
  const actor = ctx.actor;
  const c = createCommittee(ctx.db, actor, opts.code, opts.name, ctx.now());
  const doc = { test: opts.code, committee: c.name };
  if (ctx.out.json) ctx.out.emit(doc);
  else ctx.out.info(`Created committee ${c.name} on ${opts.code}.`);
  return doc;
}

export function createCommand(deps: Deps): Command {
  return new Command('create')
    .description('create a grader committee on a test')
    .argument('<test>', 'test code')
    .argument('<committee>', 'committee name')
    .action(action(deps, (ctx, [code, name]) => runCreate(ctx, { code, name })));
}
