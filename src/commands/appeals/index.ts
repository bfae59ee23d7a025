import { Command } from 'commander';
import type { Context } from '../../context.js';
import { fileAppeal, listAppeals, settleAppeal, type AppealView } from '../../domain/results/appeals.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

const line = (v: AppealView) => `candidate ${v.candidate}: ${v.state}, received ${v.received}, to be decided by ${v.deadline}`;

export function runFile(ctx: Context, test: string, n: string, o: { reason?: string; received?: string }) {
  const v = fileAppeal(ctx.db, ctx.actor, test, n, o, ctx.now());
  return result({ json: v, notes: [`Appeal filed on ${test}: ${line(v)}. A planner forms an appeal committee for it (committees create ${test} <name> --appeal).`] });
}

export function runSettle(ctx: Context, test: string, n: string, grade: string, o: { reason?: string }) {
  const v = settleAppeal(ctx.db, ctx.actor, test, n, grade, o.reason, ctx.now());
  return result({ json: v, notes: [`Further assessment recorded on ${test}: candidate ${v.candidate} settled on ${v.grade}; confirm it as any grade.`] });
}

export function runList(ctx: Context, test: string) {
  const rows = listAppeals(ctx.db, ctx.actor, test);
  return result({
    json: rows,
    human: {
      head: ['candidate', 'state', 'received', 'deadline', 'committee', 'original', 'grade'],
      rows: rows.map((v) => [v.candidate, v.state, v.received, v.deadline, v.committee ?? '', v.original ?? '', v.grade ?? '']),
      empty: `No appeals on ${test}.`,
    },
  });
}

export function appealsCommand(deps: Deps): Command {
  return new Command('appeals')
    .description('appeals of published grades: file, list, settle')
    .addCommand(
      examples(
        new Command('file')
          .description("appeal a published grade (the candidate's student, or a planner on its behalf)")
          .argument('<test>', 'test code')
          .argument('<n>', 'candidate number')
          .option('--reason <text>', 'why (the appeal graders never see it)')
          .option('--received <date>', 'an appeal that came earlier by another channel, YYYY-MM-DD (planners; default today)')
          .action(action<{ reason?: string; received?: string }>(deps, (ctx, [test, n], o) => runFile(ctx, test, n, o))),
        "appeals file TDT4100-H26 101 --reason 'task 3 was marked wrong'",
      ),
    )
    .addCommand(
      examples(
        new Command('list')
          .description("a test's appeals with their state and deadline")
          .argument('<test>', 'test code')
          .action(action(deps, (ctx, [test]) => runList(ctx, test))),
        'appeals list TDT4100-H26 --json',
      ),
    )
    .addCommand(
      examples(
        new Command('settle')
          .description('record the further assessment of an appeal grade far from the original (planners)')
          .argument('<test>', 'test code')
          .argument('<n>', 'candidate number')
          .argument('<grade>', 'the grade it settles on')
          .requiredOption('--reason <text>', 'why, for the log')
          .action(action<{ reason?: string }>(deps, (ctx, [test, n, grade], o) => runSettle(ctx, test, n, grade, o))),
        "appeals settle TDT4100-H26 101 B --reason 'further assessment by the course board'",
      ),
    );
}
