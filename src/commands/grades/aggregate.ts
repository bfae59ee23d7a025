import { commandLine } from '../../ui/shell.js';
import { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { aggregateGrades } from '../../domain/grading/aggregate.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { warning } from './warning.js';

export interface AggregateOptions {
  weights?: string;
  dryRun?: boolean;
}

export function runAggregate(ctx: Context, test: string, opts: AggregateOptions) {
  if (!opts.weights) throw new UsageError('grades aggregate needs --weights <part test>=<weight>,..., such as P1=0.5,P2=0.5');
  const r = aggregateGrades(ctx.db, ctx.actor, test, { weights: opts.weights, dryRun: opts.dryRun }, ctx.now());
  const parts = Object.keys(r.rows[0]?.parts ?? r.weights);
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  const c = r.counts;
  const summary = `${c.new} new, ${c.changed} changed, ${c.unchanged} unchanged, ${c.missing} missing a part, ${c.noGradeAllowed} taking no grade`;
  const said = r.dryRun
    ? [`Dry run on ${test}: ${summary}. Nothing written.`]
    : r.batch === null
      ? [`Nothing to register on ${test}: ${summary}.`]
      : [
          `Registered on ${test} as batch ${r.batch}: ${summary}.`,
          'Undo with',
          `  ${commandLine(ctx.globalArgs, ['grades', 'undo', String(r.batch)])}`,
          'or confirm with',
          `  ${commandLine(ctx.globalArgs, ['grades', 'confirm', test])}`,
        ];
  return result({
    json: r,
    human: {
      head: ['candidate', 'student', ...parts, 'points', 'grade', 'change', 'note'],
      rows: r.rows.map((row) => [
        row.candidate,
        row.student ?? '',
        ...parts.map((p) => fmt(row.parts[p])),
        fmt(row.points),
        row.grade ?? '',
        row.change === 'changed' && row.old ? `changed (was ${row.old.grade ?? ''} ${fmt(row.old.points)})`.replace(/ \)/, ')') : row.change,
        row.missing.join('; '),
      ]),
    },
    notes: [...said, ...(c.missing > 0 ? [warning(`${c.missing} candidate(s) miss a part and got no aggregated grade (see the note column).`)] : [])],
  });
}

export function aggregateCommand(deps: Deps): Command {
  return examples(
    new Command('aggregate')
      .description('compute a portfolio grade from its parts\' points and register it on the aggregate test')
      .argument('<aggregate>', 'the aggregate (grade registration) test')
      // Repeatable: --weights P1=0.5 --weights P2=0.5 means P1=0.5,P2=0.5 (not only the last one).
      .option('--weights <list>', 'part weights summing to 1: P1=0.5,P2=0.5 (repeatable)', (v: string, prev?: string) => (prev ? `${prev},${v}` : v))
      .option('--dry-run', 'show what would be registered, write nothing')
      .action(action<AggregateOptions>(deps, (ctx, [test], opts) => runAggregate(ctx, test, opts))),
    'grades aggregate AGG-H26 --weights P1-H26=0.5,P2-H26=0.5 --dry-run',
    'grades aggregate AGG-H26 --weights P1-H26=0.4 --weights P2-H26=0.6',
  );
}
