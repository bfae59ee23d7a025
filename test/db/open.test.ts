import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { LATEST_VERSION } from '../../src/db/migrate.js';
import { cli, tmpDir } from '../helpers.js';

describe('database file', () => {
  it('is created with mode 0600, in WAL mode, with foreign keys on and the latest schema', () => {
    const file = path.join(tmpDir(), 'sub', 'x.db');
    const db = openDatabase(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it('refuses a database from a newer examctl with exit 5, naming both versions, and leaves it alone', async () => {
    const file = path.join(tmpDir(), 'future.db');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 7}`);
    raw.close();
    const r = await cli(['init', '--admin', 'x'], { db: file });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`version ${LATEST_VERSION + 7}`);
    expect(r.stderr).toContain(`version ${LATEST_VERSION})`);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 7);
    expect(again.prepare("SELECT count(*) AS n FROM users").get()).toEqual({ n: 0 });
    again.close();
  });
});

describe('init', () => {
  it('creates the first user administrator with extended access, once', async () => {
    const file = path.join(tmpDir(), 'a.db');
    const r = await cli(['--json', 'init', '--admin', 'kari', '--name', 'Kari Nordmann'], { db: file });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ admin: 'kari', extended: true, roles: ['planner', 'user-administrator'] });
    const again = await cli(['init', '--admin', 'ola'], { db: file });
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('already initialised');
  });

  it('maps commander usage errors to exit 2', async () => {
    const r = await cli(['init', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option');
  });
});
