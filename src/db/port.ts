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

export interface Port {
  prepare(sql: string): Statement;
  exec(sql: string): this;
  transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F>;
  close(): unknown;
  readonly open: boolean;
  readonly inTransaction: boolean;
}

/** The URL forms that name a PostgreSQL server rather than a file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}
