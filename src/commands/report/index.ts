import { Command } from 'commander';
import type { Context } from '../../context.js';
import { buildReport, type Report } from '../../domain/grading/report.js';
import type { Output } from '../../ui/output.js';
import { action, type Deps } from '../runtime.js';

/** Widest bar, in characters; the largest bucket fills it. */
const BAR_WIDTH = 40;

export function runReport(ctx: Context, test: string): Report {
  const actor = ctx.actor;
  const report = buildReport(ctx.db, actor, test);
  if (ctx.out.json) ctx.out.emit(report);
  else printReport(ctx.out, report);
  return report;
}

/** A horizontal bar chart in plain characters: readable in any terminal, log file or e-mail. */
export function printReport(out: Output, r: Report): void {
  const c = out.c;
  out.line(c.bold(`${r.test}: ${r.title}`) + ` (${r.scale} scale, ${r.marking} marking)`);
  out.line('');
  out.line(c.bold(r.buckets === 'points' ? 'Points distribution' : 'Grade distribution') + ` (${r.graded} of ${r.candidates} candidates graded)`);
  const max = Math.max(0, ...r.distribution.map((d) => d.count));
  const labelWidth = Math.max(...r.distribution.map((d) => d.grade.length));
  const countWidth = String(max).length;
  for (const d of r.distribution) {
    const len = max === 0 ? 0 : Math.round((d.count / max) * BAR_WIDTH);
    const bar = '#'.repeat(len) + (d.count > 0 && len === 0 ? '#' : '');
    const painted = d.grade === 'F' || d.grade === 'NotPass' ? c.red(bar) : c.green(bar);
    out.line(
      `  ${d.grade.padEnd(labelWidth)}  ${painted}${' '.repeat(BAR_WIDTH - bar.length)}  ${String(d.count).padStart(countWidth)}  ${d.percent.toFixed(1).padStart(5)}%`,
    );
  }
  out.line('');
  out.line(c.bold('Grading progress per committee'));
  out.table(
    ['committee', 'graders', 'shared', 'candidates', 'to grade', 'graded', 'conflicts', 'confirmed'],
    r.committees.map((k) => [
      k.committee ?? '(no committee)',
      k.graders.join(', '),
      k.graders.length === 0 ? '' : `${k.shared.length}/${k.graders.length}`,
      k.candidates,
      k.eligible,
      k.graded,
      k.conflicts > 0 ? c.red(String(k.conflicts)) : 0,
      k.confirmed,
    ]),
  );
}

export function reportCommand(deps: Deps): Command {
  return new Command('report')
    .description('grade distribution (bar chart) and grading progress per committee; reporters and planners')
    .argument('<test>', 'test code')
    .action(action(deps, (ctx, [test]) => runReport(ctx, test)));
}
