import { Command } from 'commander';
import type { Context } from '../../context.js';
import { listBatches } from '../../domain/imports/batches.js';
import { requireExam } from '../../domain/exams/exams.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runImports(ctx: Context, test: string) {
  const exam = requireExam(ctx.db, test);
  const batches = listBatches(ctx.db, ctx.actor, exam);
  return result({
    json: batches,
    human: {
      head: ['batch', 'at', 'by', 'kind', 'file', 'sha256', 'new', 'changed', 'unchanged', 'empty', 'undone'],
      rows: batches.map((b) => [
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
      empty: `No imports on ${exam.code} yet.`,
    },
  });
}

export function importsCommand(deps: Deps): Command {
  return examples(
    new Command('imports')
      .description("list a test's import batches (a grader sees its own)")
      .argument('<test>', 'test code')
      .action(action(deps, (ctx, [test]) => runImports(ctx, test))),
    'grades imports TDT4100-H26',
    'grades imports TDT4100-H26 --json',
  );
}
