import { Command } from 'commander';
import type { Context } from '../../context.js';
import { requireExam } from '../../domain/exams/exams.js';
import { clearGrades, planClear, showState } from '../../domain/grading/grades.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export interface ClearOptions {
  test: string;
  numbers: string[];
}

/**
 * Removes grades: the only way to (rule 4). Checked first, then asked (on a terminal; off one
 * --yes decides), then checked again and written in one transaction.
 */
export async function runClear(ctx: Context, o: ClearOptions) {
  const actor = ctx.actor;
  const exam = requireExam(ctx.db, o.test);
  const plan = planClear(ctx.db, actor, exam, o.numbers);
  if (plan.clear.length) {
    const list = plan.clear.map((c) => `${c.candidate.number} (${showState(c.old)})`).join(', ');
    const ok = await ctx.prompter.confirm(`Remove the grade of ${plan.clear.length} candidate(s) on ${exam.code}: ${list}?`, '--yes');
    if (!ok) {
      // Said in both modes: the answer was no.
      ctx.out.info('Nothing cleared.');
      return result({ json: { cleared: [], none: plan.none } });
    }
  }
  const done = plan.clear.length ? clearGrades(ctx.db, actor, exam, o.numbers, ctx.now()) : plan;
  return result({
    json: { cleared: done.clear.map((c) => ({ candidate: c.candidate.number, old: { grade: c.old.grade, points: c.old.points } })), none: done.none },
    human: done.clear.map((c) => `${exam.code} ${c.candidate.number}: ${showState(c.old)} → none`),
    notes: done.none.map((n) => `${n} had no grade to clear`),
  });
}

export function clearCommand(deps: Deps): Command {
  return examples(
    new Command('clear')
      .description('remove grades (asks first; --yes off a terminal); confirmed grades are refused')
      .argument('<test>', 'test code')
      .argument('<n...>', 'candidate numbers')
      .action(action(deps, (ctx, [test, numbers]) => runClear(ctx, { test, numbers }))),
    'grades clear TDT4100-H26 101',
    '--yes grades clear TDT4100-H26 101 102',
  );
}
