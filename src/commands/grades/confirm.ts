import { Command } from 'commander';
import type { Context } from '../../context.js';
import { confirmGrades } from '../../domain/grading/confirm.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { warning } from './warning.js';

export interface ConfirmFlags {
  committee?: string;
  candidate?: string;
}

export function runConfirm(ctx: Context, test: string, opts: ConfirmFlags) {
  const actor = ctx.actor;
  const r = confirmGrades(ctx.db, actor, test, { committee: opts.committee, candidate: opts.candidate }, ctx.now());
  const waiting = [...new Set(r.pending.flatMap((p) => p.waitingFor))];
  return result({
    json: r,
    notes: [
      ...(r.confirmed.length > 0 ? [`Confirmed ${r.confirmed.length} grade(s) on ${test}: ${r.confirmed.join(', ')}. They are locked now.`] : []),
      ...(r.pending.length > 0 ? [`${actor.username} confirmed ${r.pending.length} grade(s); they lock when ${waiting.join(', ')} confirm(s) too.`] : []),
      ...r.skipped.map((s) => warning(`candidate ${s.candidate} not confirmed: ${s.reason}`)),
    ],
  });
}

export function confirmCommand(deps: Deps): Command {
  return examples(
    new Command('confirm')
      .description('confirm grades: the whole committee (collective) or one candidate (per-candidate)')
      .argument('<test>', 'test code')
      .option('--committee <c>', 'only this committee')
      .option('--candidate <n>', 'only this candidate (tests confirmed per candidate)')
      .action(action<ConfirmFlags>(deps, (ctx, [test], opts) => runConfirm(ctx, test, opts))),
    'grades confirm TDT4100-H26 --committee K1',
    'grades confirm TDT4100-H26 --candidate 101',
  );
}
