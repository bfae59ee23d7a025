import { Command } from 'commander';
import type { Context } from '../../context.js';
import { showUser, userToJson } from '../../domain/people/users.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runShow(ctx: Context, opts: { username: string }) {
  const doc = userToJson(showUser(ctx.db, ctx.actor, opts.username));
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const rows: Array<[string, string]> = [
    ['username', doc.username],
    ['name', doc.name],
    ['email', doc.email ?? ''],
    ['kind', doc.kind],
    ['login', doc.logins.join(', ')],
    ['national id number', yes(doc.hasNin)],
    ['Feide activated', yes(doc.feideActivated)],
    ['roles', doc.roles.join(', ') || '(none)'],
    ['extended access', yes(doc.extended)],
    ['active', yes(doc.active)],
    ['created', doc.createdAt],
  ];
  return result({ json: doc, human: rows.map(([k, v]) => `${(k + ':').padEnd(20)}${v}`) });
}

export function showCommand(deps: Deps): Command {
  return examples(
    new Command('show')
      .description('show one user')
      .argument('<username>')
      .action(action(deps, (ctx, [username]) => runShow(ctx, { username }))),
    'users show kari',
    'users show kari --json',
  );
}
