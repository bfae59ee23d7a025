// Set-based writes: many rows in one statement, spelled for each engine.
import type { Engine } from './port.js';

/**
 * The FROM of a set-based write, its rows named t and its columns as listed ("name type"), in the
 * order given, in the order of the rows: on a server an unnest of one array parameter per column, on SQLite the elements of
 * one JSON array parameter of row arrays (WHERE true lets SQLite read a following ON CONFLICT).
 */
export function rowsOf(engine: Engine, columns: readonly string[]): string {
  if (engine === 'postgres') {
    const arrays = columns.map((c) => `CAST(? AS ${c.slice(c.indexOf(' ') + 1)}[])`).join(', ');
    return `(SELECT * FROM unnest(${arrays}) WITH ORDINALITY AS u(${columns.map((c) => c.split(' ')[0]).join(', ')}, i) ORDER BY u.i) AS t`;
  }
  const picks = columns.map((c, k) => `j.value ->> ${k} AS ${c.split(' ')[0]}`).join(', ');
  return `(SELECT ${picks} FROM json_each(?) j ORDER BY j.key) AS t WHERE true`;
}

/** The parameters of rowsOf's FROM for these rows: one array per field on a server, one JSON text on SQLite. */
export function setParams<T>(engine: Engine, rows: readonly T[], fields: readonly ((row: T) => unknown)[]): unknown[] {
  if (engine === 'postgres') return fields.map((f) => rows.map(f));
  return [JSON.stringify(rows.map((r) => fields.map((f) => f(r))))];
}
