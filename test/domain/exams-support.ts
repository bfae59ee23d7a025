import type { Db } from '../../src/db/open.js';
import type { Role } from '../../src/domain/access/roles.js';
import type { User } from '../../src/domain/people/users.js';
import { openDb } from '../helpers.js';
import { seedUser } from '../seed.js';

/** Users for the tests of tests, candidates, committees and groups, added through the domain (see ../seed.ts). */
export function addUser(
  db: Db,
  username: string,
  o: { kind?: 'employee' | 'external' | 'student'; roles?: Role[]; extended?: boolean; active?: boolean } = {},
): User {
  return seedUser(db, username, { ...o, email: null });
}

/** Adds users to a database file and closes it again. */
export function seedUsers(file: string, users: Array<[string, Parameters<typeof addUser>[2]]>): void {
  const db = openDb(file);
  for (const [u, o] of users) addUser(db, u, o);
  db.close();
}

export function count(db: Db, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

/** The error a call throws (the test fails if it throws none), for asserting on its class and message. */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
