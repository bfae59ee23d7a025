import { Command } from 'commander';
import type { Context } from '../../context.js';
import { updateExam } from '../../domain/exams/update.js';
import { examView } from '../../domain/exams/view.js';
import { action, type Deps } from '../runtime.js';
import { addSettingsOptions, settingsInput, type SettingsFlags } from './settings-options.js';

export type UpdateOptions = SettingsFlags & { code: string };

export function runUpdate(ctx: Context, opts: UpdateOptions) {
  const actor = ctx.actor;
  const { exam, changed } = updateExam(ctx.db, actor, opts.code, settingsInput(opts), ctx.now());
  const doc = { ...examView(ctx.db, exam), changed };
  if (ctx.out.json) ctx.out.emit(doc);
  else if (Object.keys(changed).length === 0) ctx.out.info(`Nothing changed on ${exam.code}.`);
  else {
    const show = (v: unknown) => (v === null || v === undefined ? '(none)' : String(v));
    ctx.out.table(['setting', 'old', 'new'], Object.entries(changed).map(([k, c]) => [k, show(c.old), show(c.new)]));
    ctx.out.info(`Updated ${exam.code}.`);
  }
  return doc;
}

export function updateCommand(deps: Deps): Command {
  return addSettingsOptions(
    new Command('update').description("change a test's settings (--no-<option> clears one)").argument('<test>', 'test code'),
  ).action(action<SettingsFlags>(deps, (ctx, [code], opts) => runUpdate(ctx, { ...opts, code })));
}
