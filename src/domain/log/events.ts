import type { Db } from '../../db/open.js';
import { iterateEvents, type EventFilter, type EventRow } from './store.js';

// The event log's writer and readers, by the names the rules use; the statements are the store's.
export { countEvents, iterateEvents, recordEvent, recordEvents, type EventFilter, type EventInput, type EventRow } from './store.js';

/** Every event the filter matches, oldest first. */
export function listEvents(db: Db, f: EventFilter = {}): EventRow[] {
  return [...iterateEvents(db, f)];
}
