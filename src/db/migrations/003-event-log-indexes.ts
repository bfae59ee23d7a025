import type { Migration } from '../migrate.js';

/**
 * Every filter of the event log answered through an index, in the log's own order (by id), so that
 * reading one test's events costs what that test has, not what the log holds: a test's events and
 * a kind's events by id, and a user's events as actor and as subject by id (the two are merged).
 * The single-column indexes of the first schema are kept: foreign-key checks use them.
 */
export const eventLogIndexes: Migration = {
  version: 3,
  name: '003-event-log-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX events_exam_id ON events (exam_id, id);
      CREATE INDEX events_actor_id ON events (actor_id, id);
      CREATE INDEX events_subject_user_id ON events (subject_user_id, id);
      CREATE INDEX events_kind_id ON events (kind, id);
    `);
  },
};
