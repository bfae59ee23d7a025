import { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { updateExam } from '../../domain/exams/update.js';
import { updateWithDeadline } from '../../domain/results/deadlines.js';
import { examView } from '../../domain/exams/view.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { addSettingsOptions, settingsInput, type SettingsFlags } from './settings-options.js';

export type UpdateOptions = SettingsFlags & { code: string; gradingDeadline?: string; reason?: string };

export function runUpdate(ctx: Context, opts: UpdateOptions) {
  if (opts.reason !== undefined && opts.gradingDeadline === undefined) throw new UsageError('--reason goes with --grading-deadline <date>');
  const { exam, changed } =
    opts.gradingDeadline === undefined
      ? updateExam(ctx.db, ctx.actor, opts.code, settingsInput(opts), ctx.now())
      : updateWithDeadline(ctx.db, ctx.actor, opts.code, settingsInput(opts), { date: opts.gradingDeadline, reason: opts.reason }, ctx.now());
  const show = (v: unknown) => (v === null || v === undefined ? '(none)' : String(v));
  const rows = Object.entries(changed).map(([k, c]) => [k, show(c.old), show(c.new)]);
  return result({
    json: { ...examView(ctx.db, exam), changed },
    human: { head: ['setting', 'old', 'new'], rows, empty: `Nothing changed on ${exam.code}.` },
    notes: rows.length ? [`Updated ${exam.code}.`] : [],
  });
}

export function updateCommand(deps: Deps): Command {
  return examples(
    addSettingsOptions(
      new Command('update').description("change a test's settings (--no-<option> clears one)").argument('<test>', 'test code'),
    )
      .option('--grading-deadline <date>', 'set the grading deadline, YYYY-MM-DD (default three weeks after the exam day; needs --reason)')
      .option('--reason <text>', 'why the grading deadline differs, for the log')
      .action(action<SettingsFlags & { gradingDeadline?: string; reason?: string }>(deps, (ctx, [code], opts) => runUpdate(ctx, { ...opts, code }))),
    "tests update TDT4100-H26 --location 'Examination House' --start 2026-12-01T09:00",
    'tests update TDT4100-H26 --no-start --no-duration',
    "tests update TDT4900-V26 --grading-deadline 2026-08-14 --reason 'master thesis'",
  );
}
