import { Command } from 'commander';
import type { Context } from '../../context.js';
import { checkExam } from '../../domain/exams/check.js';
import { findingsResult } from '../findings.js';
import { action, examples, type Deps } from '../runtime.js';

export interface CheckOptions {
  code: string;
  strict?: boolean;
}

export function runCheck(ctx: Context, opts: CheckOptions) {
  const { exam, findings } = checkExam(ctx.db, ctx.actor, opts.code);
  return findingsResult(exam.code, findings, opts.strict);
}

export function checkCommand(deps: Deps): Command {
  return examples(
    new Command('check')
      .description('what is missing: candidates in no committee, committees with no grader, location/start, groups')
      .argument('<test>', 'test code')
      .option('--strict', 'exit 5 when anything is found')
      .action(action<{ strict?: boolean }>(deps, (ctx, [code], opts) => runCheck(ctx, { code, strict: opts.strict }))),
    'tests check TDT4100-H26',
    'tests check TDT4100-H26 --strict --json',
  );
}
