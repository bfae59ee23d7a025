import { Command } from 'commander';
import type { Context } from '../../context.js';
import { buildReport, type Report } from '../../domain/grading/report.js';
import { action, examples, type Deps } from '../runtime.js';
import { requireExam } from '../../domain/exams/exams.js';
import { deadlineOf } from '../../domain/results/deadlines.js';
import { daysBetween, osloDay } from '../../domain/results/calendar.js';
import { result, type Page, type Result } from '../../ui/result.js';

/** Widest bar, in characters; the largest bucket fills it. */
const BAR_WIDTH = 40;

export function runReport(ctx: Context, test: string): Result {
  const report = buildReport(ctx.db, ctx.actor, test);
  const d = deadlineOf(ctx.db, requireExam(ctx.db, test));
  const gradingDeadline = { deadline: d.deadline, daysLeft: d.deadline === null ? null : daysBetween(osloDay(ctx.now()), d.deadline), set: d.set, reason: d.reason };
  return result({
    json: { ...report, gradingDeadline },
    human: (page) => {
      printReport(page, report);
      page.line('');
      const left = gradingDeadline.daysLeft;
      const when = left === null ? '' : left < 0 ? ` (${-left} days overdue)` : ` (${left} days left)`;
      page.line(`Grading deadline: ${d.deadline ?? 'none (no exam day, none set)'}${when}${d.set ? `, set by a planner: ${d.reason}` : ''}`);
    },
  });
}

/** A horizontal bar chart in plain characters: readable in any terminal, log file or e-mail. */
export function printReport(page: Pick<Page, 'line' | 'table' | 'c'>, r: Report): void {
  const c = page.c;
  page.line(c.bold(`${r.test}: ${r.title}`) + ` (${r.scale} scale, ${r.marking} marking)`);
  page.line('');
  page.line(c.bold(r.buckets === 'points' ? 'Points distribution' : 'Grade distribution') + ` (${r.graded} of ${r.candidates} candidates graded)`);
  const max = Math.max(0, ...r.distribution.map((d) => d.count));
  const labelWidth = Math.max(...r.distribution.map((d) => d.grade.length));
  const countWidth = String(max).length;
  for (const d of r.distribution) {
    const len = max === 0 ? 0 : Math.round((d.count / max) * BAR_WIDTH);
    const bar = '#'.repeat(len) + (d.count > 0 && len === 0 ? '#' : '');
    const painted = d.grade === 'F' || d.grade === 'NotPass' ? c.red(bar) : c.green(bar);
    page.line(
      `  ${d.grade.padEnd(labelWidth)}  ${painted}${' '.repeat(BAR_WIDTH - bar.length)}  ${String(d.count).padStart(countWidth)}  ${d.percent.toFixed(1).padStart(5)}%`,
    );
  }
  page.line('');
  page.line(c.bold('Grading progress per committee'));
  page.table(
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
  return examples(
    new Command('report')
      .description('grade distribution (bar chart) and grading progress per committee; reporters and planners')
      .argument('<test>', 'test code')
      .action(action(deps, (ctx, [test]) => runReport(ctx, test))),
    'report TDT4100-H26',
    'report TDT4100-H26 --json',
  );
}
