import fs from 'node:fs';
import type { Db } from '../../db/open.js';
import { openDatabase, writeTx } from '../../db/open.js';
import { ConflictError } from '../../errors.js';
import { recordEvent } from '../../domain/log/events.js';
import { initDatabase } from '../../domain/people/init.js';
import type { User } from '../../domain/people/users.js';

/**
 * A demo database is marked by an event of kind 'demo' (no schema change): the demo rebuilds a
 * database that carries the mark and refuses one with data that does not.
 */
export const DEMO_EVENT = 'demo';

export type DemoTarget = 'absent' | 'empty' | 'demo';

/** What is at the path: nothing usable yet, an earlier demo, or (refused, 5) someone's data. */
export function inspectDemoTarget(file: string): DemoTarget {
  if (!fs.existsSync(file)) return 'absent';
  if (fs.statSync(file).size === 0) return 'empty';
  let db: Db;
  try {
    db = openDatabase(file, { create: false });
  } catch (err) {
    if (err instanceof ConflictError) throw err;
    throw new ConflictError(`${file} is not an examctl database (${(err as Error).message}); the demo leaves it alone`);
  }
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    if (count(`SELECT count(*) AS n FROM events WHERE kind = '${DEMO_EVENT}'`) > 0) return 'demo';
    const rows = count('SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM exams) + (SELECT count(*) FROM locations) AS n');
    if (rows > 0) {
      throw new ConflictError(
        `${file} holds data the demo did not build; the demo never touches it. Name another file with --db or EXAMCTL_DB`,
      );
    }
    return 'empty';
  } finally {
    db.close();
  }
}

/** Removes an earlier demo database with its WAL and shared-memory files. */
export function removeDemoDatabase(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

function markDemo(db: Db, actor: User, now: Date): void {
  writeTx(db, () =>
    recordEvent(db, {
      actorId: actor.id,
      kind: DEMO_EVENT,
      at: now.toISOString(),
      subject: 'demo database',
      new: { builtBy: 'examctl demo' },
    }),
  );
}

/** The demo's first step: a new database with its first user administrator, admin, marked as the demo's. */
export function startDemoDatabase(file: string, now: () => Date): void {
  const db = openDatabase(file);
  try {
    const admin = initDatabase(db, { admin: 'admin', name: 'Ada Admin', email: 'admin@example.org' }, now());
    markDemo(db, admin, now());
  } finally {
    db.close();
  }
}

/** How many events the demo database's log holds. */
export function demoEventCount(file: string): number {
  const db = openDatabase(file);
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
