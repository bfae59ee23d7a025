import { Command } from 'commander';
import type { Context } from '../../context.js';
import { listExamViews } from '../../domain/exams/list.js';
import { action, type Deps } from '../runtime.js';
import { localStart } from './view.js';

export function runList(ctx: Context) {
  const actor = ctx.actor;
  const views = listExamViews(ctx.db, actor);
  if (ctx.out.json) ctx.out.emit(views);
  else if (views.length === 0) ctx.out.info('No tests you can act on.');
  else {
    ctx.out.table(
      ['test', 'title', 'course', 'term', 'kind', 'start', 'min', 'location', 'candidates'],
      views.map((v) => [v.code, v.title, v.course, `${v.year} ${v.term}`, v.kind, localStart(v.start), v.duration, v.location, v.candidates]),
    );
  }
  return views;
}

export function listCommand(deps: Deps): Command {
  return new Command('list')
    .description('tests you can act on (every test with extended access)')
    .action(action(deps, (ctx) => runList(ctx)));
}
