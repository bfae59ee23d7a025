import { Command } from 'commander';
import type { Context } from '../../context.js';
import { updateUser, userToJson, type UserPatch } from '../../domain/people/users.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { collect, parseKind, parseLoginFlag, type UserFlags } from './flags.js';

export interface UpdateOptions extends UserFlags {
  username: string;
}

export function runUpdate(ctx: Context, opts: UpdateOptions) {
  const patch: UserPatch = {
    name: opts.name,
    // An empty --email removes the address.
    email: opts.email === undefined ? undefined : opts.email === '' ? null : opts.email,
    kind: parseKind(opts.kind),
    logins: parseLoginFlag(opts.login),
    hasNin: opts.nin,
    feideActivated: opts.feideActivated,
  };
  const { user, changes } = updateUser(ctx.db, ctx.actor, opts.username, patch, ctx.now());
  const show = (v: unknown) => (v === null ? '(none)' : Array.isArray(v) ? v.join(',') : String(v));
  const said = Object.entries(changes).map(([k, v]) => `${user.username}: ${k} ${show(v.old)} → ${show(v.new)}`);
  return result({ json: { user: userToJson(user), changes }, notes: said.length ? said : [`${user.username}: nothing to change.`] });
}

export function updateCommand(deps: Deps): Command {
  return examples(
    new Command('update')
      .description('change a user\'s name, email, kind, login methods or login facts')
      .argument('<username>')
      .option('--name <name>', 'full name')
      .option('--email <email>', 'email address ("" removes it)')
      .option('--kind <kind>', 'employee, external or student')
      .option('--login <methods>', 'login methods: feide,idporten,registered', collect)
      .option('--nin', 'has a Norwegian national identity number')
      .option('--no-nin', 'has no Norwegian national identity number')
      .option('--feide-activated', 'its Feide account is activated')
      .option('--no-feide-activated', 'its Feide account is not activated')
      .action(action<UserFlags>(deps, (ctx, [username], opts) => runUpdate(ctx, { ...opts, username }))),
    'users update kari --email kari@new.example.no',
    'users update ext1 --feide-activated',
  );
}
