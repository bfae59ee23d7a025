import { Command } from 'commander';
import type { Context } from '../../context.js';
import { createExam } from '../../domain/exams/create.js';
import { examView } from '../../domain/exams/view.js';
import { action, type Deps } from '../runtime.js';
import { addSettingsOptions, settingsInput, type SettingsFlags } from './settings-options.js';
import { printExam } from './view.js';

export type CreateOptions = SettingsFlags & { code: string };

export function runCreate(ctx: Context, opts: CreateOptions) {
  const actor = ctx.actor;
  const exam = createExam(ctx.db, actor, opts.code, settingsInput(opts), ctx.now());
  const view = examView(ctx.db, exam);
  if (ctx.out.json) ctx.out.emit(view);
  else {
    printExam(ctx.out, view);
    ctx.out.info(`Created test ${exam.code}; ${actor.username} is its planner.`);
  }
  return view;
}

export function createCommand(deps: Deps): Command {
  return addSettingsOptions(
    new Command('create').description('create a test; you become its planner').argument('<test>', 'the test code scripts use'),
  ).action(action<SettingsFlags>(deps, (ctx, [code], opts) => runCreate(ctx, { ...opts, code })));
}
