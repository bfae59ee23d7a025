import { commandLine } from '../../ui/shell.js';
import { Command } from 'commander';
import type { Context } from '../../context.js';
import { shareMarks } from '../../domain/grading/sharing.js';
import { action, type Deps } from '../runtime.js';

export interface ShareOptions {
  committee?: string;
}

export function runShare(ctx: Context, test: string, opts: ShareOptions) {
  const actor = ctx.actor;
  const result = shareMarks(ctx.db, actor, test, { committee: opts.committee }, ctx.now());
  if (ctx.out.json) {
    ctx.out.emit(result);
    return result;
  }
  for (const c of result.committees) {
    ctx.out.info(`Shared ${actor.username}'s marks for committee ${c.committee} on ${test}.`);
    if (c.waitingFor.length > 0) {
      ctx.out.info(`  Alignment waits for ${c.waitingFor.join(', ')} to share.`);
      continue;
    }
    ctx.out.info(`  All graders have shared: ${c.agreed.length} agreed, ${c.conflicts.length} in conflict.`);
    if (c.conflicts.length > 0) {
      ctx.out.info(`  Conflicts: ${c.conflicts.join(', ')}. Resolve each by setting the final grade (grades set ${test} <candidate> <grade> --final).`);
    } else {
      ctx.out.info('  Next, confirm with');
      ctx.out.info(`    ${commandLine(ctx.globalArgs, ['grades', 'confirm', test, '--committee', c.committee])}`);
    }
  }
  return result;
}

export function shareCommand(deps: Deps): Command {
  return new Command('share')
    .description('share your private marks with your co-graders (private marking)')
    .argument('<test>', 'test code')
    .option('--committee <c>', 'only this committee (default: all of yours on the test)')
    .action(action<ShareOptions>(deps, (ctx, [test], opts) => runShare(ctx, test, opts)));
}
