import { describe, expect, it } from 'vitest';
import { listEvents } from '../../src/domain/log/events.js';
import {
  addUser,
  checkUserFields,
  findUser,
  listUsers,
  newUserFields,
  requireActor,
  setUserActive,
  updateUser,
} from '../../src/domain/people/users.js';
import { ConflictError, NotFoundError, NotPermittedError, ValidationError } from '../../src/errors.js';
import { freshDbPath, openDb } from '../helpers.js';

const now = new Date('2026-05-01T10:00:00Z');

function setup() {
  const db = openDb(freshDbPath());
  return db;
}

describe('user rules', () => {
  it('gives Feide by default, ID-porten too with a national identity number, never registered', () => {
    expect(newUserFields({ username: 'a', name: 'A' }).logins).toEqual(['feide']);
    expect(newUserFields({ username: 'a', name: 'A', hasNin: true }).logins).toEqual(['feide', 'idporten']);
    expect(newUserFields({ username: 'a', name: 'A', kind: 'external' }).feideActivated).toBe(false);
    expect(newUserFields({ username: 'a', name: 'A' }).feideActivated).toBe(true);
  });

  it('refuses ID-porten without a national identity number, and an external without NIN and without Feide', () => {
    const f = newUserFields({ username: 'x', name: 'X', kind: 'external', logins: ['idporten'] });
    const msgs = checkUserFields(f).map((p) => p.message);
    expect(msgs.some((m) => m.includes('ID-porten needs a Norwegian national identity number'))).toBe(true);
    expect(msgs.some((m) => m.includes('must log in with an activated Feide account'))).toBe(true);
    expect(checkUserFields(newUserFields({ username: 'x', name: 'X', kind: 'external', logins: ['registered'] })).length).toBe(1);
  });

  it('allows registered alone only when asked for explicitly, for a non-external', () => {
    expect(checkUserFields(newUserFields({ username: 'x', name: 'X', logins: ['registered'] }))).toEqual([]);
  });

  it('checks usernames and email addresses', () => {
    expect(checkUserFields(newUserFields({ username: 'has space', name: 'X' }))[0].field).toBe('username');
    expect(checkUserFields(newUserFields({ username: 'ok', name: 'X', email: 'nope' }))[0].field).toBe('email');
    expect(checkUserFields(newUserFields({ username: 'bjørn.å', name: 'Bjørn' }))).toEqual([]);
  });
});

describe('managing users in the domain', () => {
  it('adds a user with an event holding the new record, and refuses a duplicate username', () => {
    const db = setup();
    const u = addUser(db, requireActor(db, 'admin'), { username: 'kari', name: 'Kari Nordmann', email: 'kari@ntnu.no' }, now);
    expect(u).toMatchObject({ username: 'kari', kind: 'employee', logins: ['feide'], active: true, hasNin: true });
    const ev = listEvents(db, { kind: 'users.add' });
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ actor: 'admin', user: 'kari', subject: 'kari', at: now.toISOString() });
    expect(ev[0].new).toMatchObject({ name: 'Kari Nordmann', email: 'kari@ntnu.no' });
    expect(() => addUser(db, requireActor(db, 'admin'), { username: 'kari', name: 'Other' }, now)).toThrow(ConflictError);
  });

  it('lets only user administrators change users, naming the missing role', () => {
    const db = setup();
    addUser(db, requireActor(db, 'admin'), { username: 'ola', name: 'Ola' }, now);
    expect(() => addUser(db, requireActor(db, 'ola'), { username: 'x', name: 'X' }, now)).toThrow(NotPermittedError);
    expect(() => addUser(db, requireActor(db, 'ola'), { username: 'x', name: 'X' }, now)).toThrow(/user-administrator/);
    expect(() => addUser(db, requireActor(db, 'ghost'), { username: 'x', name: 'X' }, now)).toThrow(NotPermittedError);
  });

  it('records old → new of each changed field on update, and nothing when nothing changes', () => {
    const db = setup();
    addUser(db, requireActor(db, 'admin'), { username: 'ola', name: 'Ola', email: 'ola@a.no' }, now);
    const r = updateUser(db, requireActor(db, 'admin'), 'ola', { email: 'ola@b.no', name: 'Ola' }, now);
    expect(r.changes).toEqual({ email: { old: 'ola@a.no', new: 'ola@b.no' } });
    const ev = listEvents(db, { kind: 'users.update' });
    expect(ev[0]).toMatchObject({ old: { email: 'ola@a.no' }, new: { email: 'ola@b.no' } });
    updateUser(db, requireActor(db, 'admin'), 'ola', { email: 'ola@b.no' }, now);
    expect(listEvents(db, { kind: 'users.update' })).toHaveLength(1);
    expect(() => updateUser(db, requireActor(db, 'admin'), 'nobody', { name: 'N' }, now)).toThrow(NotFoundError);
  });

  it('re-checks the login rules on the record an update would leave', () => {
    const db = setup();
    addUser(db, requireActor(db, 'admin'), { username: 'ext', name: 'Ext', kind: 'external', hasNin: true, logins: ['idporten'] }, now);
    expect(() => updateUser(db, requireActor(db, 'admin'), 'ext', { hasNin: false }, now)).toThrow(ValidationError);
    expect(findUser(db, 'ext')!.hasNin).toBe(true);
  });

  it('deactivates keeping the user, is repeatable, and keeps the last user administrator active', () => {
    const db = setup();
    addUser(db, requireActor(db, 'admin'), { username: 'ola', name: 'Ola' }, now);
    expect(setUserActive(db, requireActor(db, 'admin'), 'ola', false, now).changed).toBe(true);
    expect(setUserActive(db, requireActor(db, 'admin'), 'ola', false, now).changed).toBe(false);
    expect(findUser(db, 'ola')!.active).toBe(false);
    expect(listUsers(db, requireActor(db, 'admin')).map((u) => u.username)).toEqual(['admin']);
    expect(listUsers(db, requireActor(db, 'admin'), { all: true }).map((u) => u.username)).toEqual(['admin', 'ola']);
    expect(() => setUserActive(db, requireActor(db, 'admin'), 'admin', false, now)).toThrow(/last active user administrator/);
    expect(listEvents(db, { kind: 'users.deactivate' })).toHaveLength(1);
  });
});
