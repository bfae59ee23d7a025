import { Command } from 'commander';
import type { Context } from '../../context.js';
import { createGroup, type CreateGroupInput } from '../../domain/candidates/groups.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export type CreateOptions = CreateGroupInput & { code: string };

/**
 * A password group's password is shown this once: alone on stdout (so `pw=$(examctl groups
 * create ...)` captures exactly it), the rest on stderr.
 */
export function runCreate(ctx: Context, opts: CreateOptions) {
  const g = createGroup(ctx.db, ctx.actor, opts.code, { pin: opts.pin, name: opts.name, candidate: opts.candidate }, ctx.now());
  const json = { group: g.group, pin: g.pin, ...(g.password !== undefined ? { password: g.password } : {}), candidate: g.member };
  const withMember = g.member ? ` with candidate ${g.member}` : '';
  if (g.password !== undefined) {
    return result({
      json,
      human: [g.password],
      notes: [
        `Created group ${g.group} (PIN ${g.pin}) on ${opts.code}${withMember}.`,
        'The line above is its password: it is shown only now. Others join with the PIN and the password.',
      ],
    });
  }
  return result({ json, human: [g.group], notes: [`Created group ${g.group}${g.pin ? ' (the PIN is its name)' : ''} on ${opts.code}${withMember}.`] });
}

export function createCommand(deps: Deps): Command {
  return examples(
    new Command('create')
      .description('create a group: predefined (--name), open or password (--pin, 4 digits; chosen at random if left out)')
      .argument('<test>', 'test code')
      .option('--pin <4 digits>', 'PIN of an open or password group; it becomes the group name')
      .option('--name <name>', 'name of a predefined group')
      .option('--candidate <n>', 'a planner creating the group for this candidate (a student creates it for itself)')
      .action(action<CreateGroupInput>(deps, (ctx, [code], opts) => runCreate(ctx, { ...opts, code }))),
    '--as s101 groups create TDT4100-H26 --pin 4711',
    'groups create TDT4102-H26 --name G1',
  );
}
