import { Command } from 'commander';
import type { Context } from '../../context.js';
import { requireExam } from '../../domain/exams/exams.js';
import { describeThresholds } from '../../domain/grading/grades.js';
import { parseThresholdSpec, setThresholds, showThresholds, type Regrade } from '../../domain/grading/thresholds.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export interface ThresholdsOptions {
  test: string;
  set?: string;
}

const who = (r: Regrade) => (r.grader ? `${r.candidate} (${r.grader}'s mark)` : r.candidate);

export function runThresholds(ctx: Context, o: ThresholdsOptions) {
  const exam = requireExam(ctx.db, o.test);
  const r =
    o.set === undefined
      ? showThresholds(ctx.db, ctx.actor, exam)
      : setThresholds(ctx.db, ctx.actor, exam, parseThresholdSpec(o.set, exam.thresholds), ctx.now());
  return result({
    json: o.set === undefined ? { test: r.test, scale: r.scale, thresholds: r.thresholds } : r,
    // The messages on stderr stay between the table and the letters they introduce.
    human: (page) => {
      page.table(['letter', 'from points'], [...(['A', 'B', 'C', 'D', 'E'] as const).map((k) => [k, r.thresholds[k]]), ['F', 'below E']]);
      if (exam.scale !== 'points') ctx.out.info(`${exam.code} uses the ${exam.scale} scale: thresholds apply to points tests only.`);
      if (o.set === undefined) return;
      ctx.out.info(`Thresholds of ${exam.code} set: ${describeThresholds(r.thresholds)} (were ${describeThresholds(r.old)}).`);
      ctx.out.info(`${r.regraded.length} derived letter(s) recomputed.`);
      for (const g of r.regraded) page.line(`  ${who(g)}: ${g.points} points: ${g.old} → ${g.new}`);
      if (r.keptConfirmed.length) {
        ctx.out.warn(`${r.keptConfirmed.length} confirmed grade(s) keep their letter (reopen them to regrade):`);
        for (const g of r.keptConfirmed) ctx.out.info(`  ${who(g)}: ${g.points} points: stays ${g.old} (would be ${g.new})`);
      }
    },
  });
}

export function thresholdsCommand(deps: Deps): Command {
  return examples(
    new Command('thresholds')
      .description('show or set the points thresholds of a points test (recomputes unconfirmed derived letters)')
      .argument('<test>', 'test code')
      .option('--set <A=89,B=77,C=65,D=53,E=41>', 'new lower bounds (any subset of A-E)')
      .action(action<Omit<ThresholdsOptions, 'test'>>(deps, (ctx, [test], opts) => runThresholds(ctx, { ...opts, test }))),
    'tests thresholds MAT1100-H26',
    'tests thresholds MAT1100-H26 --set A=90,B=80',
  );
}
