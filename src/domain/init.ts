import type { Db } from '../db/open.js';
import { writeTx } from '../db/open.js';
import { ConflictError } from '../errors.js';
import { recordEvent } from './events.js';
import { findUser, type User } from './users.js';

export interface InitInput {
  admin: string;
  name?: string;
  email?: string;
}

/**
 * Creates the first user administrator, with extended access (which implies planner). Only on a
 * database with no users: a second init is a conflict.
 */
export function initDatabase(db: Db, input: InitInput, now: Date): User {
  return writeTx(db, () => {
    const n = (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
    if (n > 0) throw new ConflictError('the database is already initialised (it has users); nothing changed');
    const at = now.toISOString();
    const info = db
      .prepare(
        `INSERT INTO users (username, name, email, kind, logins, has_nin, feide_activated, extended, active, created_at)
         VALUES (?, ?, ?, 'employee', 'feide', 0, 1, 1, 1, ?)`,
      )
      .run(input.admin, input.name ?? input.admin, input.email ?? null, at);
    const id = Number(info.lastInsertRowid);
    db.prepare(`INSERT INTO user_roles (user_id, role) VALUES (?, 'user-administrator')`).run(id);
    recordEvent(db, {
      actorId: id,
      kind: 'init',
      at,
      subjectUserId: id,
      subject: input.admin,
      new: { username: input.admin, roles: ['user-administrator'], extended: true },
    });
    return findUser(db, input.admin)!;
  });
}
