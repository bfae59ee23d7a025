import { afterEach, describe, expect, it } from 'vitest';
import { runInSets, SET_ROWS, type SetColumn } from '../../src/db/sets.js';
import type { Db } from '../../src/db/open.js';
import { freshDbPath, openDb } from '../helpers.js';

/**
 * Set-based writes on the engine the suite runs on: on a server the sets of one write are sent one
 * after the other without waiting, so a set that fails must still be the error reported, nothing of
 * the write may stay, and the connection must answer the next statement with its own answer.
 */
interface Row {
  actor: number | null;
  subject: string;
}

const columns: SetColumn<Row>[] = [
  { name: 'a', type: 'integer', of: (r) => r.actor },
  { name: 's', type: 'text', of: (r) => r.subject },
];
const insert = (from: string) => `INSERT INTO events (at, actor_id, kind, subject) SELECT ?, t.a, 'set.test', t.s FROM ${from}`;
const rows = (n: number, actor = 1): Row[] =>
  Array.from({ length: n }, (_, i) => ({ actor, subject: `row ${i} with "quotes", a \\ backslash, {braces} and ,commas,` }));

let db: Db | undefined;
afterEach(() => db?.close());

describe('runInSets', () => {
  it('writes every row of several sets, in order, with its text exactly as given', () => {
    db = openDb(freshDbPath());
    const list = rows(SET_ROWS * 2 + 17);
    list[5] = { actor: null, subject: 'NULL' };
    const heard: number[] = [];
    db.transaction(() => runInSets(db!, list, columns, insert, ['2026-01-01T00:00:00Z'], (done) => heard.push(done)))();
    const got = db.prepare("SELECT actor_id AS actor, subject FROM events WHERE kind = 'set.test' ORDER BY id").all();
    expect(got).toEqual(list);
    expect(heard[0]).toBe(0);
    expect(heard).toEqual([...heard].sort((a, b) => a - b));
    expect(Math.max(...heard)).toBeLessThan(list.length);
  });

  it('reports the failing set’s own error, keeps nothing of the write, and the connection answers the next statement', () => {
    db = openDb(freshDbPath());
    const list = rows(SET_ROWS * 3);
    // a user that does not exist, in the second of three sets on a server (later sets are then refused too)
    list[SET_ROWS + 5] = { actor: 999_999, subject: 'nobody' };
    const write = db.transaction(() => runInSets(db!, list, columns, insert, ['2026-01-01T00:00:00Z']));
    expect(write).toThrow(/foreign key/i);
    expect(write).not.toThrow(/aborted/i);
    expect(db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'set.test'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT 41 + 1 AS n').get()).toEqual({ n: 42 });
  });

  it('outside a transaction sends no set after one that failed: the sets before it stay, none after it is written', () => {
    db = openDb(freshDbPath());
    const list = rows(SET_ROWS * 3);
    list[SET_ROWS + 5] = { actor: 999_999, subject: 'nobody' };
    expect(() => runInSets(db!, list, columns, insert, ['2026-01-01T00:00:00Z'])).toThrow(/foreign key/i);
    expect(db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'set.test'").get()).toEqual({ n: SET_ROWS });
  });
});
