import { createRequire } from 'node:module';
import path from 'node:path';
import { authenticatedLogin, openDatabase, type Db } from './db/open.js';
import { NotPermittedError } from './errors.js';
import type { Output } from './ui/output.js';
import { requireActor } from './domain/people/users.js';
import type { User } from './domain/people/user.js';
import type { Prompter } from './ui/prompter.js';

/** Everything a command needs, injected: no module-level singletons. */
export interface Context {
  /** The database, opened (and created, mode 0600) on first use. */
  readonly db: Db;
  /** Path of the database file. */
  readonly dbPath: string;
  /**
   * The username the command acts as. On a SQLite file: --as, EXAMCTL_USER or the OS login,
   * asserted, not authenticated. On PostgreSQL: the database login, authenticated by the server;
   * naming anyone else is refused.
   */
  readonly actorName: string;
  /**
   * The acting user, looked up once on first use: an unknown or deactivated one is refused here,
   * for every verb alike. Verbs that need no database (help, completion) never touch it.
   */
  readonly actor: User;
  readonly out: Output;
  readonly prompter: Prompter;
  readonly yes: boolean;
  /** The global options given on the command line that a printed command must repeat (`--db`, `--as`). */
  readonly globalArgs: readonly string[];
  now(): Date;
  close(): void;
}

export interface GlobalOptions {
  db?: string;
  as?: string;
  json?: boolean;
  yes?: boolean;
  color?: boolean;
}

/** The per-user default database: $XDG_DATA_HOME/examctl/examctl.db on Linux (env-paths). */
export async function defaultDbPath(): Promise<string> {
  // Loaded only when no --db or EXAMCTL_DB names the file.
  const { default: envPaths } = await import('env-paths');
  return path.join(envPaths('examctl', { suffix: '' }).data, 'examctl.db');
}

export async function resolveDbPath(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return opts.db ?? (env.EXAMCTL_DB || (await defaultDbPath()));
}

export function resolveActor(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): string {
  if (opts.as) return opts.as;
  if (env.EXAMCTL_USER) return env.EXAMCTL_USER;
  try {
    return (createRequire(import.meta.url)('node:os') as typeof import('node:os')).userInfo().username;
  } catch {
    return env.USER ?? 'unknown';
  }
}

/** Whether the acting user was named (--as, EXAMCTL_USER) rather than taken from the OS login. */
export function actorNamed(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(opts.as || env.EXAMCTL_USER);
}

/** The acting user's name: the login on PostgreSQL (another name refused), else the name given. */
function actingName(login: string | null, name: string, named: boolean): string {
  if (login === null) return name;
  if (named && name !== login) {
    throw new NotPermittedError(
      `on this PostgreSQL database you act as the login the server authenticated, ${login}; acting as ${name} needs ${name}'s own login`,
    );
  }
  return login;
}

export function createContext(parts: {
  dbPath: string;
  actor: string;
  /** Whether the actor was named rather than taken from the OS login. */
  actorNamed?: boolean;
  out: Output;
  prompter: Prompter;
  yes?: boolean;
  now?: () => Date;
  globalArgs?: readonly string[];
}): Context {
  let db: Db | undefined;
  let actor: User | undefined;
  let name: string | undefined;
  // The server's login, read once: who acts, and whether a missing user is a login to be added.
  let login: string | null | undefined;
  const loginOf = (db: Db) => (login === undefined ? (login = authenticatedLogin(db)) : login);
  return {
    dbPath: parts.dbPath,
    get actorName() {
      name ??= actingName(loginOf(this.db), parts.actor, parts.actorNamed ?? true);
      return name;
    },
    get actor() {
      actor ??= requireActor(this.db, this.actorName, { login: loginOf(this.db) !== null });
      return actor;
    },
    out: parts.out,
    prompter: parts.prompter,
    yes: parts.yes ?? false,
    globalArgs: parts.globalArgs ?? [],
    now: parts.now ?? (() => new Date()),
    get db() {
      db ??= openDatabase(parts.dbPath);
      return db;
    },
    close() {
      if (db?.open) db.close();
    },
  };
}
