import { Command } from 'commander';
import type { Context } from '../../context.js';
import { joinGroup } from '../../domain/candidates/groups.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runJoin(ctx: Context, opts: { code: string; group: string; number: string; password?: string }) {
  const r = joinGroup(ctx.db, ctx.actor, opts.code, opts.group, opts.number, opts.password, ctx.now());
  return result({
    json: r,
    notes: [
      !r.changed
        ? `Candidate ${r.candidate} is already in group ${r.group}.`
        : `Candidate ${r.candidate} joined group ${r.group}${r.from ? ` (left group ${r.from})` : ''}.`,
    ],
  });
}

export function joinCommand(deps: Deps): Command {
  return examples(
    new Command('join')
      .description("put a candidate in a group (a student joins with its own candidate number); moves it out of any other")
      .argument('<test>', 'test code')
      .argument('<group>', 'group name (the PIN of an open or password group)')
      .argument('<n>', 'candidate number')
      .option('--password <pw>', "a password group's password")
      .action(action<{ password?: string }>(deps, (ctx, [code, group, number], opts) => runJoin(ctx, { code, group, number, password: opts.password }))),
    '--as s102 groups join TDT4100-H26 4711 102',
    '--as s104 groups join TDT4101-H26 1234 104 --password "$pw"',
  );
}
