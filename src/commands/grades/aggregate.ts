import { commandLine } from '../../ui/shell.js';
import { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { aggregateGrades } from '../../domain/grading/aggregate.js';
import { action, type Deps } from '../runtime.js';

export interface AggregateOptions {
  weights?: string;
  dryRun?: boolean;
}

export function runAggregate(ctx: Context, test: string, opts: AggregateOptions) {
  if (!opts.weights) throw new UsageError('grades aggregate needs --weights <part test>=<weight>,..., such as P1=0.5,P2=0.5');
  const actor = ctx.actor;
  const result = aggregateGrades(ctx.db, actor, test, { weights: opts.weights, dryRun: opts.dryRun }, ctx.now());
  if (ctx.out.json) {
    ctx.out.emit(result);
    return result;
  }
  const parts = Object.keys(result.rows[0]?.parts ?? result.weights);
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  if (result.rows.length > 0) {
    ctx.out.table(
      ['candidate', 'student', ...parts, 'points', 'grade', 'change', 'note'],
      result.rows.map((r) => [
        r.candidate,
        r.student ?? '',
        ...parts.map((p) => fmt(r.parts[p])),
        fmt(r.points),
        r.grade ?? '',
        r.change === 'changed' && r.old ? `changed (was ${r.old.grade ?? ''} ${fmt(r.old.points)})`.replace(/ \)/, ')') : r.change,
        r.missing.join('; '),
      ]),
    );
  }
  const c = result.counts;
  const summary = `${c.new} new, ${c.changed} changed, ${c.unchanged} unchanged, ${c.missing} missing a part, ${c.noGradeAllowed} taking no grade`;
  if (result.dryRun) ctx.out.info(`Dry run on ${test}: ${summary}. Nothing written.`);
  else if (result.batch === null) ctx.out.info(`Nothing to register on ${test}: ${summary}.`);
  else {
    ctx.out.info(`Registered on ${test} as batch ${result.batch}: ${summary}.`);
    ctx.out.info('Undo with');
    ctx.out.info(`  ${commandLine(ctx.globalArgs, ['grades', 'undo', String(result.batch)])}`);
    ctx.out.info('or confirm with');
    ctx.out.info(`  ${commandLine(ctx.globalArgs, ['grades', 'confirm', test])}`);
  }
  if (c.missing > 0) ctx.out.warn(`${c.missing} candidate(s) miss a part and got no aggregated grade (see the note column).`);
  return result;
}

export function aggregateCommand(deps: Deps): Command {
  return new Command('aggregate')
    .description('compute a portfolio grade from its parts\' points and register it on the aggregate test')
    .argument('<aggregate>', 'the aggregate (grade registration) test')
    // Repeatable: --weights P1=0.5 --weights P2=0.5 means P1=0.5,P2=0.5 (not only the last one).
    .option('--weights <list>', 'part weights summing to 1: P1=0.5,P2=0.5 (repeatable)', (v: string, prev?: string) => (prev ? `${prev},${v}` : v))
    .option('--dry-run', 'show what would be registered, write nothing')
    .action(action<AggregateOptions>(deps, (ctx, [test], opts) => runAggregate(ctx, test, opts)));
}
