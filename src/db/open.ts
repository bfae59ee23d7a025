import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { ConflictError, ExamctlError, UsageError } from '../errors.js';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';
import { isPostgresUrl, type Engine, type Port } from './port.js';
import { openPostgres } from './pg/open.js';

// better-sqlite3 is CommonJS: required rather than imported, so that Node need not load its lexer of
// CommonJS exports at every start.
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

/** A connection to either engine: the port the stores use. */
export type Db = Port;

/** The engine behind a connection. */
export function engineOf(db: Db): Engine {
  return (db as { engine?: Engine }).engine === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * The login the server authenticated (session_user) on PostgreSQL, where it is who acts; null on
 * a SQLite file, where the acting user is asserted and the file's permissions are the boundary.
 */
export function authenticatedLogin(db: Db): string | null {
  if (engineOf(db) !== 'postgres') return null;
  return (db.prepare('SELECT session_user AS login').get() as { login: string }).login;
}

/** The embedded file's connection, for what only SQLite has (pragmas, the backup API). */
export function sqliteOf(db: Db): BetterSqlite3.Database {
  if (engineOf(db) !== 'sqlite') throw new Error('this needs the SQLite engine');
  return db as unknown as BetterSqlite3.Database;
}

export interface OpenOptions {
  /** Create the file (mode 0600) when it does not exist. */
  create?: boolean;
  /** Milliseconds a writer waits for another process's lock before failing. */
  busyTimeoutMs?: number;
}

/**
 * Opens (and migrates) the database. The file holds grades and personal data, so it is created
 * readable and writable by its owner alone; SQLite gives the -wal and -shm files the same mode.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (isPostgresUrl(file)) return openPostgres(file, migrations);
  const { create = true, busyTimeoutMs = 10_000 } = options;
  if (file !== ':memory:') {
    if (!fs.existsSync(file)) {
      if (!create) throw new Error(`database ${file} does not exist`);
      try {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
      } catch (err) {
        throw new UsageError(`cannot create the database ${file}: ${(err as Error).message}`);
      }
      // 'wx' so that two processes racing to create it do not both truncate it.
      try {
        fs.closeSync(fs.openSync(file, 'wx', 0o600));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  }
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(file, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    // Grades deserve durability: better-sqlite3's bundled default in WAL mode is NORMAL.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db as unknown as Db;
  } catch (err) {
    if (db?.open) db.close();
    throw openFailure(file, err);
  }
}

/** A file that cannot be opened as a database is the user's to fix, named, never an unexpected failure. */
function openFailure(file: string, err: unknown): unknown {
  if (err instanceof ExamctlError) return err;
  const code = String((err as { code?: string }).code ?? '');
  const msg = (err as Error).message;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new ConflictError(`${file}: the database cannot be read (${code}): ${msg}; if it is the right file, restore it from a backup`);
  }
  if (code === 'SQLITE_CANTOPEN') {
    const dir = fs.existsSync(file) && fs.statSync(file).isDirectory();
    return new UsageError(`cannot open ${file} as a database: ${dir ? 'it is a directory' : msg}`);
  }
  return err;
}

/** Runs fn in a BEGIN IMMEDIATE transaction, so a second writer waits instead of failing mid-way. */
export function writeTx<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
