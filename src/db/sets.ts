// Set-based writes: many rows in one statement, spelled for each engine. A server takes a set as
// one array parameter per column (unnest), 10,000 rows a statement, each statement a round trip;
// SQLite takes a multi-row VALUES list, a thousand rows a statement, which costs less than a
// thousand calls of one bound statement.
import type { Engine } from './port.js';

/** Rows a statement of a set-based write carries on a server: a few hundred kilobytes of parameters. */
export const SET_ROWS = 10_000;

/** Rows a VALUES list carries on SQLite, within its limit of 32,766 parameters a statement. */
const SQLITE_ROWS = 1000;

/** The rows in sets of the size a statement on this engine carries (columns: parameters a row). */
export function* slices<T>(engine: Engine, rows: readonly T[], columns: number): Generator<T[]> {
  const size = engine === 'postgres' ? SET_ROWS : Math.min(SQLITE_ROWS, Math.floor(32_766 / columns));
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/**
 * The FROM of a set-based write of `count` rows, its rows named t and its columns as listed
 * ("name type"), in the order of the rows: on a server an unnest of one array parameter per column,
 * on SQLite a VALUES list (WHERE true lets SQLite read a following ON CONFLICT).
 */
export function rowsOf(engine: Engine, columns: readonly string[], count: number): string {
  const names = columns.map((c) => c.split(' ')[0]!);
  if (engine === 'postgres') {
    const arrays = columns.map((c) => `CAST(? AS ${c.slice(c.indexOf(' ') + 1)}[])`).join(', ');
    return `(SELECT * FROM unnest(${arrays}) WITH ORDINALITY AS u(${names.join(', ')}, i) ORDER BY u.i) AS t`;
  }
  const row = `(${names.map(() => '?').join(', ')})`;
  const picks = names.map((n, k) => `column${k + 1} AS ${n}`).join(', ');
  return `(SELECT ${picks} FROM (VALUES ${Array(count).fill(row).join(', ')})) AS t WHERE true`;
}

/** The parameters of rowsOf's FROM for these rows: one array per field on a server, row after row on SQLite. */
export function setParams<T>(engine: Engine, rows: readonly T[], fields: readonly ((row: T) => unknown)[]): unknown[] {
  if (engine === 'postgres') return fields.map((f) => rows.map(f));
  const out = new Array<unknown>(rows.length * fields.length);
  let k = 0;
  for (const r of rows) for (const f of fields) out[k++] = f(r);
  return out;
}
