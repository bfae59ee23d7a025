import { Command } from 'commander';
import type { Context } from '../../context.js';
import { createGroup, type CreateGroupInput } from '../../domain/candidates/groups.js';
import { action, type Deps } from '../runtime.js';

export type CreateOptions = CreateGroupInput & { code: string };

/**
 * A password group's password is shown this once: alone on stdout (so `pw=$(examctl groups
 * create ...)` captures exactly it), the rest on stderr.
 */
export function runCreate(ctx: Context, opts: CreateOptions) {
  const actor = ctx.actor;
  const g = createGroup(ctx.db, actor, opts.code, { pin: opts.pin, name: opts.name, candidate: opts.candidate }, ctx.now());
  const doc = { group: g.group, pin: g.pin, ...(g.password !== undefined ? { password: g.password } : {}), candidate: g.member };
  if (ctx.out.json) ctx.out.emit(doc);
  else if (g.password !== undefined) {
    ctx.out.line(g.password);
    ctx.out.info(`Created group ${g.group} (PIN ${g.pin}) on ${opts.code}${g.member ? ` with candidate ${g.member}` : ''}.`);
    ctx.out.info('The line above is its password: it is shown only now. Others join with the PIN and the password.');
  } else {
    ctx.out.line(g.group);
    ctx.out.info(`Created group ${g.group}${g.pin ? ' (the PIN is its name)' : ''} on ${opts.code}${g.member ? ` with candidate ${g.member}` : ''}.`);
  }
  return doc;
}

export function createCommand(deps: Deps): Command {
  return new Command('create')
    .description('create a group: predefined (--name), open or password (--pin, 4 digits; chosen at random if left out)')
    .argument('<test>', 'test code')
    .option('--pin <4 digits>', 'PIN of an open or password group; it becomes the group name')
    .option('--name <name>', 'name of a predefined group')
    .option('--candidate <n>', 'a planner creating the group for this candidate (a student creates it for itself)')
    .action(action<CreateGroupInput>(deps, (ctx, [code], opts) => runCreate(ctx, { ...opts, code })));
}
