import { Command } from 'commander';
import type { Context } from '../../context.js';
import { initDatabase } from '../../domain/people/init.js';
import { effectiveRoles } from '../../domain/people/users.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export interface InitOptions {
  admin?: string;
  name?: string;
  email?: string;
}

export function runInit(ctx: Context, opts: InitOptions) {
  const user = initDatabase(ctx.db, { admin: opts.admin ?? ctx.actorName, name: opts.name, email: opts.email }, ctx.now());
  return result({
    json: { database: ctx.dbPath, admin: user.username, roles: effectiveRoles(user), extended: user.extended },
    notes: [
      `Created ${ctx.dbPath}`,
      `First user administrator: ${user.username} (extended access, so also planner).`,
      `Act as it with --as ${user.username} or EXAMCTL_USER=${user.username}.`,
    ],
  });
}

export function initCommand(deps: Deps): Command {
  return examples(
    new Command('init')
      .description('create the database and its first user administrator (with extended access)')
      .option('--admin <username>', 'username of the first administrator (default: the acting user)')
      .option('--name <full name>', 'full name')
      .option('--email <email>', 'email address')
      .action(action<InitOptions>(deps, (ctx, _args, opts) => runInit(ctx, opts))),
    "init --admin admin --name 'Ada Admin' --email admin@example.org",
    'init --db ./exams.db --admin admin',
  );
}
