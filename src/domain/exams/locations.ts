import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { requireActive, requireRole, requireStaff } from '../access/access.js';
import { recordEvent } from '../log/events.js';
import type { User } from '../people/users.js';
import { allLocations, findLocation, insertLocation, type Location } from './store-locations.js';

export { findLocation, findLocationById, type Location } from './store-locations.js';

/** The location named (case-insensitive), or exit 4. */
export function requireLocation(db: Db, name: string): Location {
  const l = findLocation(db, name);
  if (!l) throw new NotFoundError(`no location named "${name}"`).withFixes([{ act: 'list-locations' }, { act: 'add-location', name }]);
  return l;
}

/** Locations are exam planning data: a planner adds them (extended access implies planner). */
export function addLocation(db: Db, actor: User, input: { name: string; capacity: string | number }, now: Date): Location {
  requireRole(actor, 'planner', 'add a location');
  const name = input.name.trim();
  if (name === '') throw new ValidationError('a location needs a name');
  const capText = String(input.capacity).trim();
  const capacity = /^\d+$/.test(capText) ? Number(capText) : NaN;
  if (!Number.isSafeInteger(capacity) || capacity <= 0) {
    throw new ValidationError(`capacity must be a positive whole number of seats, not "${capText}"`);
  }
  return writeTx(db, () => {
    const existing = findLocation(db, name);
    if (existing) throw new ConflictError(`a location named "${existing.name}" already exists (capacity ${existing.capacity}); nothing changed`);
    const id = insertLocation(db, name, capacity);
    recordEvent(db, { actorId: actor.id, kind: 'locations.add', at: now.toISOString(), subject: name, new: { name, capacity } });
    return { id, name, capacity };
  });
}

/** Every location, for any staff user: rooms are not secret, but students reach no staff module. */
export function listLocations(db: Db, actor: User): Location[] {
  requireActive(actor, 'list locations');
  requireStaff(actor, 'list locations');
  return allLocations(db);
}
