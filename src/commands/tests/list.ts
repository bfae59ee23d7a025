import { Command } from 'commander';
import type { Context } from '../../context.js';
import { listExamViews } from '../../domain/exams/list.js';
import { action, examples, type Deps } from '../runtime.js';
import { jsonArray, result } from '../../ui/result.js';
import { localStart } from './view.js';

export function runList(ctx: Context) {
  // A script's document is written as the tests are read; a table needs them all for its widths.
  if (ctx.out.json) return result({ json: jsonArray(listExamViews(ctx.db, ctx.actor)) });
  const views = [...listExamViews(ctx.db, ctx.actor)];
  return result({
    human: {
      head: ['test', 'title', 'course', 'term', 'kind', 'start', 'min', 'location', 'candidates'],
      rows: views.map((v) => [v.code, v.title, v.course, `${v.year} ${v.term}`, v.kind, localStart(v.start), v.duration, v.location, v.candidates]),
      empty: 'No tests you can act on.',
    },
  });
}

export function listCommand(deps: Deps): Command {
  return examples(
    new Command('list')
      .description('tests you can act on (every test with extended access)')
      .action(action(deps, (ctx) => runList(ctx))),
    'tests list',
    'tests list --json',
  );
}
