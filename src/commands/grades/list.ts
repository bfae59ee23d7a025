import { Command } from 'commander';
import type { Context } from '../../context.js';
import { streamGrades, toListEntry } from '../../domain/grading/visibility.js';
import { action, examples, type Deps } from '../runtime.js';
import { jsonArray, result } from '../../ui/result.js';
import { map } from '../../iter.js';

export interface ListOptions {
  committee?: string;
  conflicts?: boolean;
}

export function runList(ctx: Context, test: string, opts: ListOptions) {
  const listed = streamGrades(ctx.db, ctx.actor, test, { committee: opts.committee, conflicts: opts.conflicts });
  // A script's document is written as the candidates are read; a table needs them all for its widths.
  if (ctx.out.json) return result({ json: jsonArray(map(listed, toListEntry)) });
  const rows = [...listed];
  if (rows.length === 0) return result({ json: [], notes: [opts.conflicts ? `No conflicts on ${test}.` : `No candidates to show on ${test}.`] });
  const conflicts = rows.filter((r) => r.conflict).length;
  return result({
    human: (page) =>
      page.table(
        ['candidate', 'committee', 'status', 'grade', 'points', 'confirmed', 'conflict', 'marks'],
        rows.map((r) => [
          r.candidate,
          r.committee ?? '',
          r.status,
          r.grade ?? '',
          r.points ?? '',
          r.confirmed ? 'yes' : '',
          r.conflict ? page.c.red('CONFLICT') : '',
          r.marks
            .map((m, i) => {
              const p = r.markPoints[i];
              const value = [m.grade, p === null || p === undefined ? null : `(${p})`].filter(Boolean).join(' ') || '-';
              return `${m.grader}: ${value}${m.shared ? '' : ' (private)'}`;
            })
            .join(', '),
        ]),
      ),
    notes: conflicts > 0 ? [`${conflicts} conflict(s): resolve each by setting the final grade (grades set ${test} <candidate> <grade> --final).`] : [],
  });
}

export function listCommand(deps: Deps): Command {
  return examples(
    new Command('list')
      .description('grades of a test with the marks you may see; --conflicts keeps candidates in conflict')
      .argument('<test>', 'test code')
      .option('--committee <c>', 'only this committee')
      .option('--conflicts', 'only candidates whose graders disagree')
      .action(action<ListOptions>(deps, (ctx, [test], opts) => runList(ctx, test, opts))),
    'grades list TDT4100-H26 --committee K1',
    'grades list TDT4100-H26 --conflicts',
  );
}
