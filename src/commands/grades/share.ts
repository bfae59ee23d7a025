import { commandLine } from '../../ui/shell.js';
import { Command } from 'commander';
import type { Context } from '../../context.js';
import { shareMarks } from '../../domain/grading/sharing.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export interface ShareOptions {
  committee?: string;
}

export function runShare(ctx: Context, test: string, opts: ShareOptions) {
  const actor = ctx.actor;
  const r = shareMarks(ctx.db, actor, test, { committee: opts.committee }, ctx.now());
  const notes: string[] = [];
  for (const c of r.committees) {
    notes.push(`Shared ${actor.username}'s marks for committee ${c.committee} on ${test}.`);
    if (c.waitingFor.length > 0) {
      notes.push(`  Alignment waits for ${c.waitingFor.join(', ')} to share.`);
      continue;
    }
    notes.push(`  All graders have shared: ${c.agreed.length} agreed, ${c.conflicts.length} in conflict.`);
    if (c.conflicts.length > 0) {
      notes.push(`  Conflicts: ${c.conflicts.join(', ')}. Resolve each by setting the final grade (grades set ${test} <candidate> <grade> --final).`);
    } else {
      notes.push('  Next, confirm with', `    ${commandLine(ctx.globalArgs, ['grades', 'confirm', test, '--committee', c.committee])}`);
    }
  }
  return result({ json: r, notes });
}

export function shareCommand(deps: Deps): Command {
  return examples(
    new Command('share')
      .description('share your private marks with your co-graders (private marking)')
      .argument('<test>', 'test code')
      .option('--committee <c>', 'only this committee (default: all of yours on the test)')
      .action(action<ShareOptions>(deps, (ctx, [test], opts) => runShare(ctx, test, opts))),
    'grades share TDT4100-H26',
    'grades share TDT4100-H26 --committee K1',
  );
}
