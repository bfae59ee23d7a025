import { Command } from 'commander';
import type { Context } from '../../context.js';
import { createExam } from '../../domain/exams/create.js';
import { examView } from '../../domain/exams/view.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { addSettingsOptions, settingsInput, type SettingsFlags } from './settings-options.js';
import { examLines } from './view.js';

export type CreateOptions = SettingsFlags & { code: string };

export function runCreate(ctx: Context, opts: CreateOptions) {
  const exam = createExam(ctx.db, ctx.actor, opts.code, settingsInput(opts), ctx.now());
  const view = examView(ctx.db, exam);
  return result({ json: view, human: examLines(view), notes: [`Created test ${exam.code}; ${ctx.actor.username} is its planner.`] });
}

export function createCommand(deps: Deps): Command {
  return examples(
    addSettingsOptions(
      new Command('create').description('create a test; you become its planner').argument('<test>', 'the test code scripts use'),
    ).action(action<SettingsFlags>(deps, (ctx, [code], opts) => runCreate(ctx, { ...opts, code }))),
    "tests create TDT4100-H26 --course TDT4100 --year 2026 --term autumn --title 'Object-oriented programming'",
    "tests create INF1000-V27 --course INF1000 --year 2027 --term spring --title 'Programming' --kind home --scale passfail",
  );
}
