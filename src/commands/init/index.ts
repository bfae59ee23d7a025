import { Command } from 'commander';
import type { Context } from '../../context.js';
import { initDatabase } from '../../domain/people/init.js';
import { effectiveRoles } from '../../domain/people/users.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { authenticatedLogin } from '../../db/open.js';
import { safeUrl } from '../../db/pg/open.js';
import { NotPermittedError } from '../../errors.js';

export interface InitOptions {
  admin?: string;
  name?: string;
  email?: string;
}

export function runInit(ctx: Context, opts: InitOptions) {
  const login = authenticatedLogin(ctx.db);
  if (login !== null && opts.admin !== undefined && opts.admin !== login) {
    throw new NotPermittedError(
      `on PostgreSQL the first administrator is the login running init, ${login}; --admin ${opts.admin} names another (connect as ${opts.admin} to make it the administrator)`,
    );
  }
  const user = initDatabase(ctx.db, { admin: opts.admin ?? ctx.actorName, name: opts.name, email: opts.email }, ctx.now());
  const database = login === null ? ctx.dbPath : safeUrl(ctx.dbPath);
  return result({
    json: { database, admin: user.username, roles: effectiveRoles(user), extended: user.extended },
    notes: [
      `Created ${database}`,
      `First user administrator: ${user.username} (extended access, so also planner).`,
      login === null
        ? `Act as it with --as ${user.username} or EXAMCTL_USER=${user.username}.`
        : `It acts whenever examctl connects as the login ${login}.`,
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
