import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDbPath, openDb } from '../helpers.js';
import { serverConnections } from './connections.js';
import { ON_PG } from '../engine.js';
import { WRITE_LOCK } from '../../src/db/pg/client.js';
import type { Db } from '../../src/db/open.js';

/**
 * On a server a write transaction can be begun ahead (an import begins it before reading its
 * file): the write lock is held from then, the transaction started next is that one and takes the
 * reads made ahead, once; a write made before it starts commits by itself, and a transaction
 * begun ahead and dropped leaves nothing and frees the lock.
 */
let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});
const client = serverConnections();

/** Resolves once some connection holds the write lock (asked of the server, no timer). */
async function lockTaken(watcher: pg.Client): Promise<void> {
  for (;;) {
    const r = await watcher.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted", [WRITE_LOCK]);
    if (r.rows[0].n > 0) return;
  }
}

const lockFree = async (k: pg.Client) => {
  await k.query('BEGIN');
  const got = (await k.query('SELECT pg_try_advisory_xact_lock($1) AS got', [WRITE_LOCK])).rows[0].got as boolean;
  await k.query('ROLLBACK');
  return got;
};

const NAME = 'SELECT name FROM users WHERE username = ?';
const event = (kind: string) => db!.prepare("INSERT INTO events (at, kind, subject) VALUES ('now', ?, 'ahead')").run(kind);
const eventsSeen = async (k: pg.Client) => (await k.query("SELECT kind FROM events WHERE subject = 'ahead' ORDER BY id")).rows.map((r) => r.kind as string);

/** A database with a write transaction begun ahead (reading the admin's name), once the server has it; another connection to watch. */
async function begunAhead(): Promise<pg.Client> {
  const url = freshDbPath();
  db = openDb(url);
  const other = await client(url);
  db.writeAhead!([{ sql: NAME, params: ['admin'], raw: true }]);
  await lockTaken(other);
  return other;
}

describe.runIf(ON_PG)('PostgreSQL: a write transaction begun ahead', () => {
  it('holds the write lock from then; the next transaction is it, and takes the reads made ahead once', async () => {
    const other = await begunAhead();
    expect(await lockFree(other)).toBe(false);
    // changed behind examctl's back after the read ahead: the transaction's first read is the one made ahead
    await other.query("UPDATE users SET name = 'Changed' WHERE username = 'admin'");
    const reads = db.transaction(() => {
      const first = db!.prepare(NAME).raw().all('admin');
      const second = db!.prepare(NAME).raw().all('admin');
      event('ahead.write');
      return [first, second];
    })();
    expect(reads).toEqual([[['Ada Admin']], [['Changed']]]);
    expect(await eventsSeen(other)).toEqual(['ahead.write']);
    expect(await lockFree(other)).toBe(true);
  });

  it('lets a write made before the transaction starts commit by itself, and frees the lock', async () => {
    const other = await begunAhead();
    event('outside');
    expect(await eventsSeen(other)).toEqual(['outside']);
    expect(await lockFree(other)).toBe(true);
    db.transaction(() => event('inside'))();
    expect(await eventsSeen(other)).toEqual(['outside', 'inside']);
  });

  it('dropped, leaves nothing and frees the lock; one whose read fails lets reads before it through, throws at the start, and leaves the connection usable', async () => {
    const other = await begunAhead();
    db.dropAhead!();
    expect(await lockFree(other)).toBe(true);

    db.writeAhead!([{ sql: 'SELECT nothing FROM no_such_table', params: [], raw: false }]);
    // a read made before the transaction starts is not caught in the failed one
    expect(db.prepare("SELECT username FROM users WHERE username = 'admin'").get()).toEqual({ username: 'admin' });
    expect(() => db!.transaction(() => event('never'))()).toThrow(/no_such_table/);
    expect(await lockFree(other)).toBe(true);
    db.transaction(() => event('after'))();
    expect(await eventsSeen(other)).toEqual(['after']);
  });
});
