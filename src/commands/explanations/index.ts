import { Command } from 'commander';
import type { Context } from '../../context.js';
import {
  giveExplanation,
  importExplanations,
  listExplanations,
  requestExplanation,
  type ExplanationView,
} from '../../domain/results/explanations.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { addSheetOptions, importSheet, type SheetFlags } from '../sheet-flags.js';

const line = (v: ExplanationView) => `candidate ${v.candidate}: requested ${v.requested}, due ${v.deadline}${v.given ? `, given ${v.given}` : ''}`;

export function runRequest(ctx: Context, test: string, n: string, o: { received?: string }) {
  const v = requestExplanation(ctx.db, ctx.actor, test, n, o, ctx.now());
  return result({ json: v, notes: [`Explanation requested on ${test}: ${line(v)}.`] });
}

export function runGive(ctx: Context, test: string, n: string, o: { text: string; given?: string }) {
  const v = giveExplanation(ctx.db, ctx.actor, test, n, o.text, o, ctx.now());
  return result({ json: v, notes: [`Explanation recorded on ${test}: ${line(v)}.`] });
}

export async function runImport(ctx: Context, test: string, file: string, f: SheetFlags) {
  const r = await importSheet(ctx, file, f, (table) => importExplanations(ctx.db, ctx.actor, test, table, ctx.now()));
  return result({
    json: r,
    notes: [`Imported ${file} into ${test}: ${r.given.length} explanation(s) given, ${r.changed.length} changed, ${r.unchanged} unchanged, ${r.empty} empty.`],
  });
}

export function runList(ctx: Context, test: string, o: { overdue?: boolean }) {
  const rows = listExplanations(ctx.db, ctx.actor, test, o, ctx.now());
  return result({
    json: rows,
    human: {
      head: ['candidate', 'student', 'requested', 'deadline', 'given', 'state', 'explanation'],
      rows: rows.map((v) => [v.candidate, v.student ?? '', v.requested, v.deadline, v.given ?? '', v.state, v.text ?? '']),
      empty: o.overdue ? `No explanation is overdue on ${test}.` : `No explanation requested on ${test}.`,
    },
  });
}

export function explanationsCommand(deps: Deps): Command {
  return new Command('explanations')
    .description('explanations of published grades: request, give, import, list')
    .addCommand(
      examples(
        new Command('request')
          .description("request an explanation of a published grade (the candidate's student, or a planner on its behalf)")
          .argument('<test>', 'test code')
          .argument('<n>', 'candidate number')
          .option('--received <date>', 'a request that came earlier by another channel, YYYY-MM-DD (planners; default today)')
          .action(action<{ received?: string }>(deps, (ctx, [test, n], o) => runRequest(ctx, test, n, o))),
        'explanations request TDT4100-H26 101',
        'explanations request TDT4100-H26 101 --received 2026-06-03',
      ),
    )
    .addCommand(
      examples(
        new Command('give')
          .description("record the explanation of a grade (the candidate's graders or a planner)")
          .argument('<test>', 'test code')
          .argument('<n>', 'candidate number')
          .requiredOption('--text <text>', 'the explanation')
          .option('--given <date>', 'the day it was given, YYYY-MM-DD (default today)')
          .action(action<{ text: string; given?: string }>(deps, (ctx, [test, n], o) => runGive(ctx, test, n, o))),
        "explanations give TDT4100-H26 101 --text 'Task 2 lacked the proof asked for.'",
      ),
    )
    .addCommand(
      examples(
        addSheetOptions(
          new Command('import')
            .description('record explanations from a sheet (candidate and explanation/begrunnelse columns); all or nothing')
            .argument('<test>', 'test code')
            .argument('<file>', 'spreadsheet or CSV file'),
        ).action(action<SheetFlags>(deps, (ctx, [test, file], o) => runImport(ctx, test, file, o))),
        'explanations import TDT4100-H26 begrunnelser.xlsx',
      ),
    )
    .addCommand(
      examples(
        new Command('list')
          .description("a test's explanation requests with their deadlines and state")
          .argument('<test>', 'test code')
          .option('--overdue', 'only those past their deadline and not given')
          .action(action<{ overdue?: boolean }>(deps, (ctx, [test], o) => runList(ctx, test, o))),
        'explanations list TDT4100-H26 --overdue',
      ),
    );
}
