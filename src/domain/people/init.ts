import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError } from '../../errors.js';
import { recordEvent } from '../log/events.js';
import { countUsers, findUser, insertUser, insertUserRole, storeUserExtended } from './store.js';
import { checkUserFields, newUserFields, problemsToError, type User } from './users.js';

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
  // The first administrator keeps the rules of every other user: a username scripts can carry, a name.
  const fields = newUserFields({ username: input.admin, name: input.name ?? input.admin, email: input.email ?? null });
  const problems = checkUserFields(fields);
  if (problems.length) throw problemsToError(`cannot create the first user administrator "${input.admin}"`, problems);
  return writeTx(db, () => {
    if (countUsers(db) > 0) throw new ConflictError('the database is already initialised (it has users); nothing changed');
    const at = now.toISOString();
    const id = insertUser(db, fields, at);
    storeUserExtended(db, id, true);
    insertUserRole(db, id, 'user-administrator');
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
