// Set-based writes: many rows in one statement, spelled for each engine. A server takes a set as
// one array parameter per column (unnest), 10,000 rows a statement, each statement a round trip;
// SQLite takes a multi-row VALUES list, a thousand rows a statement, which costs less than a
// thousand calls of one bound statement.
import { engineOf, type Db } from './open.js';
import type { Engine } from './port.js';
import type { PgDb } from './pg/client.js';
import { stmt } from './statements.js';

/** Rows a statement of a set-based write carries on a server: a few hundred kilobytes of parameters. */
export const SET_ROWS = 10_000;

/** Rows a VALUES list carries on SQLite, within its limit of 32,766 parameters a statement. */
const SQLITE_ROWS = 1000;

/** A column of a set: its name in the statement (t.name), its server type, and its value in a row. */
export interface SetColumn<T> {
  name: string;
  type: 'integer' | 'text' | 'double precision';
  of: (row: T) => unknown;
}

/** The one column of a set of ids (rows that are ids themselves), named t.c. */
export const ID_COLUMN: SetColumn<number> = { name: 'c', type: 'integer', of: (id) => id };

/**
 * Runs `sql(from)` once per set of the rows, in their order, where `from` is the FROM of the set
 * (its rows named t, with the columns given) and `leading` the parameters that come before it in
 * the statement; `before` hears of each set and of how many rows went before it.
 */
export function runInSets<T>(
  db: Db,
  rows: readonly T[],
  columns: readonly SetColumn<T>[],
  sql: (from: string) => string,
  leading: readonly unknown[] = [],
  before?: (done: number) => void,
): void {
  const engine = engineOf(db);
  if (engine === 'postgres' && rows.length) {
    // The next set is sent before the answer to the one before: the server runs one while the next is made and spelled.
    const server = db as PgDb;
    function* sets() {
      for (let i = 0; i < rows.length; i += SET_ROWS) yield [...leading, ...paramsOf(engine, rows.slice(i, i + SET_ROWS), columns)];
    }
    before?.(0);
    server.runAll(sql(fromOf(engine, columns, SET_ROWS)), sets(), (k) => {
      if ((k + 1) * SET_ROWS < rows.length) before?.((k + 1) * SET_ROWS);
    });
    return;
  }
  const size = Math.min(SQLITE_ROWS, Math.floor(32_766 / columns.length));
  for (let i = 0; i < rows.length; i += size) {
    const set = rows.slice(i, i + size);
    before?.(i);
    stmt(db, sql(fromOf(engine, columns, set.length))).run(...leading, ...paramsOf(engine, set, columns));
  }
}

/**
 * Inserts the rows into `table` (the columns named as the table's), in their order, a set a
 * statement: on a server each set is one COPY, which the server takes faster than an INSERT of
 * the same rows (and the rows are spelled in the connection's thread while the server runs the set
 * before); on SQLite a multi-row INSERT, as runInSets makes it. For rows that are new: a row
 * already there is refused, as an INSERT refuses it.
 */
export function insertInSets<T>(
  db: Db,
  table: string,
  columns: readonly SetColumn<T>[],
  rows: readonly T[],
  before?: (done: number) => void,
): void {
  const names = columns.map((c) => c.name).join(', ');
  if (engineOf(db) === 'postgres' && rows.length) {
    function* sets() {
      for (let i = 0; i < rows.length; i += SET_ROWS) {
        const set = rows.slice(i, i + SET_ROWS);
        yield columns.map((c) => set.map(c.of));
      }
    }
    before?.(0);
    (db as PgDb).copyAll(`COPY ${table} (${names}) FROM STDIN`, sets(), (k) => {
      if ((k + 1) * SET_ROWS < rows.length) before?.((k + 1) * SET_ROWS);
    });
    return;
  }
  runInSets(db, rows, columns, (from) => `INSERT INTO ${table} (${names}) SELECT ${columns.map((c) => `t.${c.name}`).join(', ')} FROM ${from}`, [], before);
}

/** On a server an unnest of one array parameter per column; on SQLite a VALUES list (WHERE true lets SQLite read a following ON CONFLICT). */
function fromOf(engine: Engine, columns: readonly Pick<SetColumn<never>, "name" | "type">[], count: number): string {
  const names = columns.map((c) => c.name).join(', ');
  if (engine === 'postgres') {
    const arrays = columns.map((c) => `CAST(? AS ${c.type}[])`).join(', ');
    return `(SELECT * FROM unnest(${arrays}) WITH ORDINALITY AS u(${names}, i) ORDER BY u.i) AS t`;
  }
  const row = `(${columns.map(() => '?').join(', ')})`;
  const picks = columns.map((c, k) => `column${k + 1} AS ${c.name}`).join(', ');
  return `(SELECT ${picks} FROM (VALUES ${Array(count).fill(row).join(', ')})) AS t WHERE true`;
}

/** One array per column on a server; row after row on SQLite. */
function paramsOf<T>(engine: Engine, rows: readonly T[], columns: readonly SetColumn<T>[]): unknown[] {
  if (engine === 'postgres') return columns.map((c) => rows.map(c.of));
  const out = new Array<unknown>(rows.length * columns.length);
  let k = 0;
  for (const r of rows) for (const c of columns) out[k++] = c.of(r);
  return out;
}
