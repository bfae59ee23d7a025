import type Database from 'better-sqlite3';
import type { Db } from '../db/open.js';

/**
 * Statements prepared once per connection and kept while it lives: a rule run for every row of an
 * import (find the user, record the event) does not prepare the same statement again each time.
 * For statements run to completion (get, run, all); a statement iterated is prepared where it is read.
 */
const prepared = new WeakMap<Db, Map<string, Database.Statement>>();

export function cached(db: Db, sql: string): Database.Statement {
  let byText = prepared.get(db);
  if (!byText) prepared.set(db, (byText = new Map()));
  let st = byText.get(sql);
  if (!st) byText.set(sql, (st = db.prepare(sql)));
  return st;
}
