import { Command } from 'commander';
import type { Context } from '../../context.js';
import { addUser, DEFAULT_USER_KIND, defaultFeideActivated, defaultHasNin, USER_KINDS, userToJson, type UserKind } from '../../domain/people/users.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { collect, parseKind, parseLoginFlag, type UserFlags } from './flags.js';

export interface AddOptions extends UserFlags {
  username: string;
}

export function runAdd(ctx: Context, opts: AddOptions) {
  const user = addUser(
    ctx.db,
    ctx.actor,
    {
      username: opts.username,
      name: opts.name ?? '',
      email: opts.email === undefined || opts.email === '' ? null : opts.email,
      kind: parseKind(opts.kind),
      logins: parseLoginFlag(opts.login),
      hasNin: opts.nin,
      feideActivated: opts.feideActivated,
    },
    ctx.now(),
  );
  return result({
    json: userToJson(user),
    notes: [`Added ${user.username} (${user.kind}; login ${user.logins.join(', ')}${user.feideActivated ? '' : '; Feide not activated yet'}).`],
  });
}

/** "employees and students": the kinds a default holds for, read from the rule itself so the help never disagrees. */
function kindsWhere(rule: (k: UserKind) => boolean, value: boolean): string {
  return USER_KINDS.filter((k) => rule(k) === value).map((k) => `${k}s`).join(' and ') || 'no one';
}

export function addCommand(deps: Deps): Command {
  return examples(
    new Command('add')
      .description('add a user')
      .argument('<username>')
      .requiredOption('--name <name>', 'full name')
      .option('--email <email>', 'email address (where notifications would go)')
      .option('--kind <kind>', 'employee, external or student', DEFAULT_USER_KIND)
      .option('--login <methods>', 'login methods in order: feide,idporten,registered (default feide, plus idporten with --nin)', collect)
      .option('--nin', `the person has a Norwegian national identity number (default for ${kindsWhere(defaultHasNin, true)}; the number itself is never stored)`)
      .option('--no-nin', `the person has no Norwegian national identity number (default for ${kindsWhere(defaultHasNin, false)})`)
      .option('--feide-activated', `its Feide account is activated (default for ${kindsWhere(defaultFeideActivated, true)})`)
      .option('--no-feide-activated', `its Feide account is not activated yet (default for ${kindsWhere(defaultFeideActivated, false)})`)
      .action(action<UserFlags>(deps, (ctx, [username], opts) => runAdd(ctx, { ...opts, username }))),
    "users add kari --name 'Kari Nordmann' --email kari@example.no",
    "users add ext1 --name 'Ext Grader' --kind external --no-nin --login registered",
  );
}
