import { Command } from 'commander';
import type { Context } from '../../context.js';
import { addGraders } from '../../domain/grading/committees.js';
import { action, type Deps } from '../runtime.js';

export function runAddGrader(ctx: Context, opts: { code: string; committee: string; usernames: string[] }) {
  const actor = ctx.actor;
  const r = addGraders(ctx.db, actor, opts.code, opts.committee, opts.usernames, ctx.now());
  const doc = { test: opts.code, ...r };
  if (ctx.out.json) ctx.out.emit(doc);
  else {
    if (r.added.length) ctx.out.info(`Added to committee ${r.committee}: ${r.added.join(', ')}.`);
    if (r.already.length) ctx.out.info(`Already in committee ${r.committee}: ${r.already.join(', ')}.`);
    if (r.contributors.length) ctx.out.info(`Now grader contributors on ${opts.code}: ${r.contributors.join(', ')}.`);
  }
  return doc;
}

export function addGraderCommand(deps: Deps): Command {
  return new Command('add-grader')
    .description('add graders (users with the grader role) to a committee; they become grader contributors on the test')
    .argument('<test>', 'test code')
    .argument('<committee>', 'committee name')
    .argument('<username...>', 'graders')
    .action(action(deps, (ctx, [code, committee, usernames]) => runAddGrader(ctx, { code, committee, usernames })));
}
