import type { Db } from './open.js';
import type { Statement } from './port.js';

/**
 * Statements prepared once per connection and kept while it lives: an import writes 100,000
 * grades and records as many events, and preparing each statement anew cost more than the writes.
 * For statements run to completion (get, run, all); a statement iterated is prepared where it is read.
 */
const prepared = new WeakMap<Db, Map<string, Statement>>();

export function stmt(db: Db, sql: string): Statement {
  let byText = prepared.get(db);
  if (!byText) prepared.set(db, (byText = new Map()));
  let st = byText.get(sql);
  if (!st) byText.set(sql, (st = db.prepare(sql)));
  return st;
}
