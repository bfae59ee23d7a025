import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/open.js';
import { freshDbPath, openDb } from '../helpers.js';

/**
 * Many rows read at once come back whole and in order, as arrays (raw) and as objects, with NULLs,
 * text and numbers as written: on a server they cross from the connection's thread one array per
 * column and are made rows again.
 */
let db: Db | undefined;
afterEach(() => db?.close());

const N = 2500;

describe('a query of many rows', () => {
  it('returns every row in order with its values, raw and as objects, and one row the same way', () => {
    db = openDb(freshDbPath());
    const insert = db.prepare("INSERT INTO events (at, actor_id, kind, subject) VALUES (?, ?, 'many.rows', ?)");
    db.transaction(() => {
      for (let i = 0; i < N; i++) insert.run(`t${i}`, i % 7 === 0 ? null : 1, i % 5 === 0 ? null : `s "${i}", {x}`);
    })();
    const sql = "SELECT at, actor_id AS actor, subject FROM events WHERE kind = 'many.rows' ORDER BY id";
    const want = Array.from({ length: N }, (_, i) => ({ at: `t${i}`, actor: i % 7 === 0 ? null : 1, subject: i % 5 === 0 ? null : `s "${i}", {x}` }));
    expect(db.prepare(sql).all()).toEqual(want);
    expect(db.prepare(sql).raw().all()).toEqual(want.map((w) => [w.at, w.actor, w.subject]));
    expect(db.prepare(sql).pluck().all()).toEqual(want.map((w) => w.at));
    expect(db.prepare(`${sql} LIMIT 1`).raw().all()).toEqual([['t0', null, null]]);
  });
});
