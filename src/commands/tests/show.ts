import { Command } from 'commander';
import type { Context } from '../../context.js';
import { contributorsShownTo } from '../../domain/access/contributors.js';
import { examView } from '../../domain/exams/view.js';
import { requireSeeExam } from '../../domain/exams/visible.js';
import { action, type Deps } from '../runtime.js';
import { printExam } from './view.js';

export function runShow(ctx: Context, opts: { code: string }) {
  const actor = ctx.actor;
  const exam = requireSeeExam(ctx.db, actor, opts.code);
  const contributors = contributorsShownTo(ctx.db, actor, exam);
  const doc = { ...examView(ctx.db, exam), contributors };
  if (ctx.out.json) ctx.out.emit(doc);
  else {
    printExam(ctx.out, doc);
    if (contributors.length) ctx.out.line(`${'contributors:'.padEnd(12)} ${contributors.map((c) => `${c.username} (${c.role})`).join(', ')}`);
  }
  return doc;
}

export function showCommand(deps: Deps): Command {
  return new Command('show')
    .description("a test's settings and contributors")
    .argument('<test>', 'test code')
    .action(action(deps, (ctx, [code]) => runShow(ctx, { code })));
}
