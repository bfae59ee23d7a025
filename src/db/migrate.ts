import type Database from 'better-sqlite3';
import { ConflictError } from '../errors.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
  /** The migration's statements on a server where they are not SQLite's spelled for PostgreSQL (src/db/pg/schema.ts). */
  postgres?: string;
}

/**
 * Applies pending migrations, all in one immediate transaction. The list (migrations/index.ts,
 * handed in by whoever opens the database) is append-only: entry i has version i + 1, a shipped
 * migration is never edited. A database from a newer examctl is refused.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): void {
  const LATEST_VERSION = migrations.length;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) {
    throw new ConflictError(
      `database schema version ${current} is newer than this examctl supports (version ${LATEST_VERSION}); ` +
        'upgrade examctl to open it',
    );
  }
  if (current === LATEST_VERSION) return;
  db.transaction(() => {
    // Re-read inside the lock: another process may have migrated while we waited.
    const now = db.pragma('user_version', { simple: true }) as number;
    for (const m of migrations.slice(now)) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}
