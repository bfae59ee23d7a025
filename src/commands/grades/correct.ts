import { Command } from 'commander';
import type { Context } from '../../context.js';
import { correctGrade } from '../../domain/results/corrections.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runCorrect(ctx: Context, test: string, n: string, grade: string, o: { points?: string; reason?: string }) {
  const r = correctGrade(ctx.db, ctx.actor, test, n, grade, o, ctx.now());
  const show = (s: { grade: string | null; points: number | null }) => s.grade ?? String(s.points);
  return result({ json: r, notes: [`${test} ${n}: ${show(r.old)} → ${show(r.new)} (corrected, confirmed; the next transfer sends it as a correction).`] });
}

export function correctCommand(deps: Deps): Command {
  return examples(
    new Command('correct')
      .description('correct a published grade (planners; a clerical error): stays confirmed, is logged with the reason, goes in the next transfer')
      .argument('<test>', 'test code')
      .argument('<n>', 'candidate number')
      .argument('<grade>', 'the corrected grade (on a points test: the points)')
      .requiredOption('--reason <text>', 'why, for the log')
      .action(action<{ reason?: string }>(deps, (ctx, [test, n, grade], o) => runCorrect(ctx, test, n, grade, o))),
    "grades correct TDT4100-H26 104 B --reason 'sum of task points was mistyped'",
  );
}
