import { Command } from 'commander';
import type { Context } from '../../context.js';
import { contributorsShownTo } from '../../domain/access/contributors.js';
import { examView } from '../../domain/exams/view.js';
import { requireSeeExam } from '../../domain/exams/visible.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { examLines } from './view.js';

export function runShow(ctx: Context, opts: { code: string }) {
  const exam = requireSeeExam(ctx.db, ctx.actor, opts.code);
  const contributors = contributorsShownTo(ctx.db, ctx.actor, exam);
  const doc = { ...examView(ctx.db, exam), contributors };
  return result({
    json: doc,
    human: [
      ...examLines(doc),
      ...(contributors.length ? [`${'contributors:'.padEnd(12)} ${contributors.map((c) => `${c.username} (${c.role})`).join(', ')}`] : []),
    ],
  });
}

export function showCommand(deps: Deps): Command {
  return examples(
    new Command('show')
      .description("a test's settings and contributors")
      .argument('<test>', 'test code')
      .action(action(deps, (ctx, [code]) => runShow(ctx, { code }))),
    'tests show TDT4100-H26',
    'tests show TDT4100-H26 --json',
  );
}
