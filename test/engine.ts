/**
 * The engine the suite runs on. By default every test database is a SQLite file. With
 * EXAMCTL_TEST_ENGINE=postgres and EXAMCTL_TEST_PG naming a superuser's URL on a throwaway server
 * (scripts/pg-test-cluster.sh starts one), each fresh test database is a PostgreSQL database
 * copied from a migrated template, and each acting user a login of its own: a command run with
 * `--as bob` connects as bob, since on PostgreSQL the login is who acts.
 */
import { spawnSync } from 'node:child_process';
import { afterAll } from 'vitest';
import { PgDb } from '../src/db/pg/client.js';
import { migrations } from '../src/db/migrations/index.js';
import { migratePostgres } from '../src/db/pg/schema.js';

export const ON_PG = process.env.EXAMCTL_TEST_ENGINE === 'postgres';
const SERVER = process.env.EXAMCTL_TEST_PG ?? '';
if (ON_PG && !SERVER) throw new Error('EXAMCTL_TEST_ENGINE=postgres needs EXAMCTL_TEST_PG, a superuser URL such as postgresql://examctl@127.0.0.1:55440/examctl');

let admin: PgDb | undefined;
const made: string[] = [];
const logins = new Set<string>();
let template: string | undefined;
let n = 0;

function server(): PgDb {
  admin ??= new PgDb(SERVER);
  return admin;
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The URL with another database or login. */
export function pgUrl(url: string, parts: { database?: string; user?: string }): string {
  const u = new URL(url);
  if (parts.database) u.pathname = `/${parts.database}`;
  if (parts.user) u.username = encodeURIComponent(parts.user);
  return u.toString();
}

/** A login for the user (a superuser on the test server), made on first use. */
export function ensureLogin(user: string): void {
  if (logins.has(user)) return;
  const db = server();
  const exists = db.prepare('SELECT 1 AS x FROM pg_roles WHERE rolname = ?').get(user);
  if (!exists) {
    try {
      db.exec(`CREATE ROLE ${ident(user)} LOGIN SUPERUSER`);
    } catch (err) {
      // another test process made it first
      if (!/already exists|duplicate key/.test((err as Error).message)) throw err;
    }
  }
  logins.add(user);
}

function templateDb(): string {
  if (template) return template;
  const name = `examctl_tpl_${process.pid}`;
  const db = server();
  if (!db.prepare('SELECT 1 AS x FROM pg_database WHERE datname = ?').get(name)) {
    db.exec(`CREATE DATABASE ${ident(name)} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'`);
    made.push(name);
    const t = new PgDb(pgUrl(SERVER, { database: name }));
    migratePostgres(t, migrations);
    t.close();
  }
  return (template = name);
}

/** A new, migrated, empty PostgreSQL database; its URL, as the server's superuser. */
export function freshPgDatabase(): string {
  const name = `examctl_t_${process.pid}_${++n}`;
  server().exec(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(templateDb())}`);
  made.push(name);
  return pgUrl(SERVER, { database: name });
}

/** The URL as the acting user's login, for a database on the test server; anything else unchanged. */
export function asLogin(target: string | undefined, user: string | undefined): string | undefined {
  if (!ON_PG || !target || !user || !/^postgres(ql)?:\/\//.test(target)) return target;
  ensureLogin(user);
  return pgUrl(target, { user });
}

/** Arguments and environment with --db / EXAMCTL_DB connecting as the --as / EXAMCTL_USER login. */
export function onEngine(args: string[], env: NodeJS.ProcessEnv = {}): { args: string[]; env: NodeJS.ProcessEnv } {
  if (!ON_PG) return { args, env };
  const at = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 && i + 1 < args.length ? i + 1 : -1;
  };
  const asI = at('--as');
  // init connects as the administrator it names: on PostgreSQL that must be the login running it
  const adminI = args.includes('init') ? at('--admin') : -1;
  const user = asI >= 0 ? args[asI] : (env.EXAMCTL_USER ?? (adminI >= 0 ? args[adminI] : undefined));
  if (!user) return { args, env };
  const out = [...args];
  const dbI = at('--db');
  if (dbI >= 0) out[dbI] = asLogin(out[dbI], user)!;
  const e = { ...env };
  if (e.EXAMCTL_DB) e.EXAMCTL_DB = asLogin(e.EXAMCTL_DB, user);
  return { args: out, env: e };
}

afterAll(() => {
  if (!admin) return;
  for (const name of made.reverse()) {
    try {
      admin.exec(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
    } catch {
      // left for the cluster's removal
    }
  }
  admin.close();
  admin = undefined;
});

/** The URL of a test database not made yet, for a copy to be made under (copyPgDatabaseTo). */
export function newPgDatabaseUrl(): string {
  const name = `examctl_t_${process.pid}_${++n}`;
  made.push(name);
  return pgUrl(SERVER, { database: name });
}

/** Makes `to` a copy of `from`, replacing what `to` held. */
export function copyPgDatabaseTo(from: string, to: string): void {
  const name = (u: string) => decodeURIComponent(new URL(u).pathname.slice(1));
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const db = server();
  db.exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${lit(name(from))} AND pid <> pg_backend_pid()`);
  db.exec(`DROP DATABASE IF EXISTS ${ident(name(to))} WITH (FORCE)`);
  db.exec(`CREATE DATABASE ${ident(name(to))} TEMPLATE ${ident(name(from))}`);
}

/** Restores a pg_dump file into a new test database; its URL. */
export function restorePgDump(file: string): string {
  const url = newPgDatabaseUrl();
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  server().exec(`CREATE DATABASE ${ident(name)} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'`);
  const r = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', url, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_restore ${file}: ${r.stderr || r.error?.message}`);
  return url;
}
