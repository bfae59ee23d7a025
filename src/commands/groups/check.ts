import { Command } from 'commander';
import type { Context } from '../../context.js';
import { checkGroups } from '../../domain/candidates/groups.js';
import { findingsResult } from '../findings.js';
import { action, examples, type Deps } from '../runtime.js';

export function runCheck(ctx: Context, opts: { code: string; strict?: boolean }) {
  const { exam, findings } = checkGroups(ctx.db, ctx.actor, opts.code);
  return findingsResult(exam.code, findings, opts.strict);
}

export function checkCommand(deps: Deps): Command {
  return examples(
    new Command('check')
      .description('candidates in no group (one who writes alone needs a group too) and empty groups')
      .argument('<test>', 'test code')
      .option('--strict', 'exit 5 when anything is found')
      .action(action<{ strict?: boolean }>(deps, (ctx, [code], opts) => runCheck(ctx, { code, strict: opts.strict }))),
    'groups check TDT4102-H26',
    'groups check TDT4102-H26 --strict',
  );
}
