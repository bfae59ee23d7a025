import { Command } from 'commander';
import type { Context } from '../../context.js';
import { listGrades, toListJson } from '../../domain/grading/visibility.js';
import { action, type Deps } from '../runtime.js';

export interface ListOptions {
  committee?: string;
  conflicts?: boolean;
}

export function runList(ctx: Context, test: string, opts: ListOptions) {
  const actor = ctx.actor;
  const rows = listGrades(ctx.db, actor, test, { committee: opts.committee, conflicts: opts.conflicts });
  if (ctx.out.json) {
    ctx.out.emit(toListJson(rows));
    return rows;
  }
  if (rows.length === 0) {
    ctx.out.info(opts.conflicts ? `No conflicts on ${test}.` : `No candidates to show on ${test}.`);
    return rows;
  }
  const c = ctx.out.c;
  ctx.out.table(
    ['candidate', 'committee', 'status', 'grade', 'points', 'confirmed', 'conflict', 'marks'],
    rows.map((r) => [
      r.candidate,
      r.committee ?? '',
      r.status,
      r.grade ?? '',
      r.points ?? '',
      r.confirmed ? 'yes' : '',
      r.conflict ? c.red('CONFLICT') : '',
      r.marks
        .map((m, i) => {
          const p = r.markPoints[i];
          const value = [m.grade, p === null || p === undefined ? null : `(${p})`].filter(Boolean).join(' ') || '-';
          return `${m.grader}: ${value}${m.shared ? '' : ' (private)'}`;
        })
        .join(', '),
    ]),
  );
  const conflicts = rows.filter((r) => r.conflict).length;
  if (conflicts > 0) ctx.out.info(`${conflicts} conflict(s): resolve each by setting the final grade (grades set ${test} <candidate> <grade> --final).`);
  return rows;
}

export function listCommand(deps: Deps): Command {
  return new Command('list')
    .description('grades of a test with the marks you may see; --conflicts keeps candidates in conflict')
    .argument('<test>', 'test code')
    .option('--committee <c>', 'only this committee')
    .option('--conflicts', 'only candidates whose graders disagree')
    .action(action<ListOptions>(deps, (ctx, [test], opts) => runList(ctx, test, opts)));
}
