/**
 * The database port: what the stores use of a connection, implemented by better-sqlite3's
 * Database (the embedded file) and by PgDb (a PostgreSQL server, src/db/pg/). Synchronous on
 * both: a PostgreSQL statement runs on a worker thread while the caller waits for its answer.
 */
export type Engine = 'sqlite' | 'postgres';

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): RunResult;
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** Rows as arrays of values instead of objects. */
  raw(toggle?: boolean): this;
  /** The first column's value instead of the row. */
  pluck(toggle?: boolean): this;
}

export interface Transaction<F extends (...args: never[]) => unknown> {
  (...args: Parameters<F>): ReturnType<F>;
  /** Begins by taking the write lock, so that a second writer waits instead of failing mid-way. */
  immediate(...args: Parameters<F>): ReturnType<F>;
}

/** A read a transaction begun ahead makes at once: the statement, its parameters, rows as arrays or not. */
export interface AheadRead {
  sql: string;
  params: unknown[];
  raw: boolean;
}

export interface Port {
  prepare(sql: string): Statement;
  exec(sql: string): this;
  transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F>;
  close(): unknown;
  readonly open: boolean;
  readonly inTransaction: boolean;
  /**
   * On a server: begins the next write transaction now, its write lock taken, with these reads
   * in it, while the caller does other work (an import reads its file); the next transaction the
   * caller starts is that one, and the same reads made in it take the answers already there. A
   * statement other than a read made before then ends it first. Absent on SQLite, where the
   * transaction and the reads happen when they are asked for.
   */
  writeAhead?(reads: readonly AheadRead[]): void;
  /** Ends a transaction begun ahead that was never started (nothing was written in it). */
  dropAhead?(): void;
}

/** The URL forms that name a PostgreSQL server rather than a file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}
