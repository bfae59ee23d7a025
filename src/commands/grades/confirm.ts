import { Command } from 'commander';
import type { Context } from '../../context.js';
import { confirmGrades } from '../../domain/grading/confirm.js';
import { action, type Deps } from '../runtime.js';

export interface ConfirmFlags {
  committee?: string;
  candidate?: string;
}

export function runConfirm(ctx: Context, test: string, opts: ConfirmFlags) {
  const actor = ctx.actor;
  const result = confirmGrades(ctx.db, actor, test, { committee: opts.committee, candidate: opts.candidate }, ctx.now());
  if (ctx.out.json) {
    ctx.out.emit(result);
    return result;
  }
  if (result.confirmed.length > 0) {
    ctx.out.info(`Confirmed ${result.confirmed.length} grade(s) on ${test}: ${result.confirmed.join(', ')}. They are locked now.`);
  }
  if (result.pending.length > 0) {
    const waiting = [...new Set(result.pending.flatMap((p) => p.waitingFor))];
    ctx.out.info(
      `${actor.username} confirmed ${result.pending.length} grade(s); they lock when ${waiting.join(', ')} confirm(s) too.`,
    );
  }
  for (const s of result.skipped) ctx.out.warn(`candidate ${s.candidate} not confirmed: ${s.reason}`);
  return result;
}

export function confirmCommand(deps: Deps): Command {
  return new Command('confirm')
    .description('confirm grades: the whole committee (collective) or one candidate (per-candidate)')
    .argument('<test>', 'test code')
    .option('--committee <c>', 'only this committee')
    .option('--candidate <n>', 'only this candidate (tests confirmed per candidate)')
    .action(action<ConfirmFlags>(deps, (ctx, [test], opts) => runConfirm(ctx, test, opts)));
}
