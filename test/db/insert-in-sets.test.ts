import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/open.js';
import { insertInSets, SET_ROWS, type SetColumn } from '../../src/db/sets.js';
import { freshDbPath, openDb } from '../helpers.js';

/**
 * insertInSets writes every row as given, in order, over more than one set: on a server each set
 * is a COPY, whose text format has its own escapes (tab, newline, backslash, \N for null), so
 * values made of those characters are the ones most likely to come back changed.
 */
let db: Db | undefined;
afterEach(() => db?.close());

interface Row {
  at: string;
  actor: number | null;
  subject: string | null;
}

const COLUMNS: readonly SetColumn<Row>[] = [
  { name: 'at', type: 'text', of: (r) => r.at },
  { name: 'actor_id', type: 'integer', of: (r) => r.actor },
  { name: 'kind', type: 'text', of: () => 'in.sets' },
  { name: 'subject', type: 'text', of: (r) => r.subject },
];

const AWKWARD = ['a\tb', 'line\nbreak', 'cr\r\n', 'back\\slash', '\\N', '\\', '', ' ', '"quoted", {x}', 'ÆØÅ æøå – ✓', 'NULL', '\\.', 'end\\'];

const SELECT = "SELECT at, actor_id AS actor, subject FROM events WHERE kind = 'in.sets' ORDER BY id";

describe('inserting rows in sets', () => {
  it('stores every row in order with its values, awkward text and nulls included, across sets', () => {
    db = openDb(freshDbPath());
    const n = SET_ROWS + 7;
    const rows: Row[] = Array.from({ length: n }, (_, i) => ({
      at: `t${i}`,
      actor: i % 3 === 0 ? null : 1,
      subject: i % 11 === 0 ? null : `${AWKWARD[i % AWKWARD.length]}${i % 2 ? '' : `#${i}`}`,
    }));
    const seen: number[] = [];
    db.transaction(() => insertInSets(db!, 'events', COLUMNS, rows, (done) => seen.push(done)))();
    expect(db.prepare(SELECT).all()).toEqual(rows);
    expect(seen[0]).toBe(0);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('refuses a set with a row pointing nowhere and leaves none of the rows', () => {
    db = openDb(freshDbPath());
    const rows: Row[] = Array.from({ length: 50 }, (_, i) => ({ at: `t${i}`, actor: i === 40 ? 999 : 1, subject: `s${i}` }));
    expect(() => db!.transaction(() => insertInSets(db!, 'events', COLUMNS, rows))()).toThrow(/foreign key|FOREIGN KEY/);
    expect(db.prepare(SELECT).all()).toEqual([]);
    // the connection is still usable after the refusal
    db.transaction(() => insertInSets(db!, 'events', COLUMNS, rows.slice(0, 3)))();
    expect(db.prepare(SELECT).all()).toEqual(rows.slice(0, 3));
  });
});
