import { Command } from 'commander';
import type { Context } from '../../context.js';
import { checkGroups } from '../../domain/candidates/groups.js';
import { reportFindings } from '../tests/check.js';
import { action, type Deps } from '../runtime.js';

export function runCheck(ctx: Context, opts: { code: string; strict?: boolean }) {
  const actor = ctx.actor;
  const { exam, findings } = checkGroups(ctx.db, actor, opts.code);
  reportFindings(ctx.out, exam.code, findings, opts.strict);
  return findings;
}

export function checkCommand(deps: Deps): Command {
  return new Command('check')
    .description('candidates in no group (one who writes alone needs a group too) and empty groups')
    .argument('<test>', 'test code')
    .option('--strict', 'exit 5 when anything is found')
    .action(action<{ strict?: boolean }>(deps, (ctx, [code], opts) => runCheck(ctx, { code, strict: opts.strict })));
}
