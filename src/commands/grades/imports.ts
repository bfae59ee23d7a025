import { Command } from 'commander';
import type { Context } from '../../context.js';
import { listBatches } from '../../domain/imports/batches.js';
import { requireExam } from '../../domain/exams/exams.js';
import { action, type Deps } from '../runtime.js';

export function runImports(ctx: Context, test: string) {
  const actor = ctx.actor;
  const exam = requireExam(ctx.db, test);
  const batches = listBatches(ctx.db, actor, exam);
  if (ctx.out.json) ctx.out.emit(batches);
  else if (batches.length === 0) ctx.out.info(`No imports on ${exam.code} yet.`);
  else {
    ctx.out.table(
      ['batch', 'at', 'by', 'kind', 'file', 'sha256', 'new', 'changed', 'unchanged', 'empty', 'undone'],
      batches.map((b) => [
        b.batch,
        b.at,
        b.actor,
        b.kind,
        b.file,
        b.sha256 ? b.sha256.slice(0, 12) : '',
        b.counts.new,
        b.counts.changed,
        b.counts.unchanged,
        b.counts.empty,
        b.undone ? `${b.undoneAt} by ${b.undoneBy}` : '',
      ]),
    );
  }
  return batches;
}

export function importsCommand(deps: Deps): Command {
  return new Command('imports')
    .description("list a test's import batches (a grader sees its own)")
    .argument('<test>', 'test code')
    .action(action(deps, (ctx, [test]) => runImports(ctx, test)));
}
