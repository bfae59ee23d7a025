import { ConflictError, NotFoundError, NotPermittedError, UsageError } from '../../errors.js';
import type { Migration } from '../migrate.js';
import type { Port } from '../port.js';
import { PgDb, PgError } from './client.js';
import { migratePostgres } from './schema.js';

/** The URL with its password, if any, left out: it is printed in messages. */
export function safeUrl(url: string): string {
  return url.replace(/^(\w+:\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}

/**
 * Connects to the server the URL names (libpq's PG* variables and ~/.pgpass fill in what it
 * leaves out) and brings the schema up to date. What goes wrong is said in one line: a URL that
 * cannot be read or a login the server refuses is the caller's to fix (2); a server that cannot be
 * reached or a database that does not exist is not found (4).
 */
export function openPostgres(url: string, migrations: readonly Migration[]): Port {
  try {
    new URL(url);
  } catch {
    throw new UsageError(`${safeUrl(url)} is not a PostgreSQL URL; expected postgresql://[user[:password]@]host[:port]/database`);
  }
  let db: PgDb;
  try {
    db = new PgDb(url);
  } catch (err) {
    throw connectFailure(url, err);
  }
  try {
    migratePostgres(db, migrations);
  } catch (err) {
    // Denied on a schema that is there: the login lacks its rights; else it may not create or upgrade it.
    const lacksRights = err instanceof PgError && err.code === '42501' && /schema examctl/.test(err.message) && schemaExists(db);
    db.close();
    if (lacksRights) {
      throw new NotPermittedError(`${safeUrl(url)}: this login has no rights on the examctl schema (${err.message}); the database administrator grants them, through examctl's group role`);
    }
    if (err instanceof PgError && err.code === '42501') {
      throw new ConflictError(`${safeUrl(url)}: the database needs its schema created or upgraded, and this login may not (${err.message}); run examctl once as the schema's owner`);
    }
    throw err;
  }
  return db;
}

function connectFailure(url: string, err: unknown): unknown {
  if (!(err instanceof PgError)) return err;
  const where = safeUrl(url);
  const code = err.code ?? '';
  if (code === '28P01' || code === '28000') return new UsageError(`${where}: the server refused the login: ${err.message}`);
  if (code === '3D000') return new NotFoundError(`${where}: ${err.message}; create it first (createdb), or name another database`);
  if (code.startsWith('08') || code === '57P03' || /^E[A-Z]+$/.test(code) || err.syscall) {
    return new NotFoundError(`${where}: the server cannot be reached (${err.message})`);
  }
  if (/client password must be a string/.test(err.message)) {
    return new UsageError(`${where}: the server asks this login for a password and none was given: put it in ~/.pgpass (or PGPASSWORD), not on the command line`);
  }
  if (/password|SCRAM|SASL/i.test(err.message)) return new UsageError(`${where}: the server refused the login: ${err.message}`);
  return new NotFoundError(`${where}: cannot connect: ${err.message}`);
}

/** Whether the examctl schema is there (pg_namespace is readable by every login). */
function schemaExists(db: PgDb): boolean {
  return db.prepare("SELECT 1 AS x FROM pg_namespace WHERE nspname = 'examctl'").get() !== undefined;
}
