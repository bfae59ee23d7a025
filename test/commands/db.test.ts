import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../src/db/migrations/index.js';
import { cli, freshDbPath, openDb, tmpDir, ON_PG } from '../helpers.js';

const as = 'admin';

// The file-level checks and SQLite's backup API; a server's backup (pg_dump) and check are tested in test/pg.
describe('db backup', () => {
  it.skipIf(ON_PG)('writes a consistent copy, mode 0600, logs it, and refuses to overwrite without --yes', async () => {
    const db = freshDbPath();
    await cli(['users', 'add', 'kari', '--name', 'Kari Nordmann'], { db, as });
    const target = path.join(tmpDir(), 'backup.db');
    const r = await cli(['--json', 'db', 'backup', target], { db, as });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ backup: target, bytes: fs.statSync(target).size });
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare("SELECT name FROM users WHERE username = 'kari'").get()).toEqual({ name: 'Kari Nordmann' });
    copy.close();
    const again = await cli(['db', 'backup', target], { db, as });
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('already exists');
    expect((await cli(['--yes', 'db', 'backup', target], { db, as })).code).toBe(0);
    expect(fs.readdirSync(path.dirname(target)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const log = JSON.parse((await cli(['--json', 'log', '--kind', 'db.backup'], { db, as })).stdout);
    expect(log).toHaveLength(2);
  });

  it('is for user administrators only (3); a missing database or directory is exit 4', async () => {
    const db = freshDbPath();
    await cli(['users', 'add', 'kari', '--name', 'Kari'], { db, as });
    expect((await cli(['db', 'backup', path.join(tmpDir(), 'b.db')], { db, as: 'kari' })).code).toBe(3);
    expect((await cli(['db', 'backup', path.join(tmpDir(), 'no', 'such', 'dir', 'b.db')], { db, as })).code).toBe(4);
    const missing = path.join(tmpDir(), 'missing.db');
    expect((await cli(['db', 'backup', path.join(tmpDir(), 'b.db')], { db: missing, as })).code).toBe(4);
    expect(fs.existsSync(missing)).toBe(false);
  });

  it.skipIf(ON_PG)('refuses a directory as target (2) and the database itself behind a link (5), even with --yes, leaving nothing behind', async () => {
    const db = freshDbPath();
    const dir = tmpDir();
    const r = await cli(['--yes', 'db', 'backup', dir], { db, as });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a directory');
    expect(fs.readdirSync(path.dirname(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const under = await cli(['--yes', 'db', 'backup', path.join(db, 'b.db')], { db, as });
    expect(under.code).toBe(2);
    expect(under.stderr).toContain('is not a directory');
    const link = path.join(tmpDir(), 'link');
    fs.symlinkSync(path.dirname(db), link);
    const self = await cli(['--yes', 'db', 'backup', path.join(link, path.basename(db))], { db, as });
    expect(self.code).toBe(5);
    expect(self.stderr).toContain('the database itself');
    expect(self.stderr).not.toContain('unexpected');
  });
});

describe('db check', () => {
  it.skipIf(ON_PG)('exits 0 on a clean database; quick unless --full, and --json says which ran', async () => {
    const db = freshDbPath();
    const r = await cli(['--json', 'db', 'check'], { db, as });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, check: 'quick', integrity: [], foreignKeys: [], schemaVersion: LATEST_VERSION });
    const full = await cli(['--json', 'db', 'check', '--full'], { db, as });
    expect(full.code).toBe(0);
    expect(JSON.parse(full.stdout)).toMatchObject({ ok: true, check: 'full', integrity: [], foreignKeys: [] });
    const people = await cli(['db', 'check'], { db, as });
    expect(people.stderr).toContain(': quick integrity check (--full also checks every index against its table) ok, foreign keys ok');
    expect((await cli(['db', 'check', '--full'], { db, as })).stderr).toContain(': full integrity check ok, foreign keys ok');
  });

  it.skipIf(ON_PG)('an index that no longer matches its table passes the quick check and fails --full with 5', async () => {
    const db = freshDbPath();
    await cli(['users', 'add', 'kari', '--name', 'Kari Nordmann'], { db, as });
    const raw = new Database(db);
    raw.exec('CREATE INDEX users_name ON users(name)');
    // Make the index claim another column: its entries (the names) stop matching the rows.
    raw.unsafeMode(true);
    raw.pragma('writable_schema = ON');
    raw.prepare("UPDATE sqlite_schema SET sql = 'CREATE INDEX users_name ON users(email)' WHERE name = 'users_name'").run();
    raw.close();
    const quick = await cli(['--json', 'db', 'check'], { db, as });
    expect(quick.code).toBe(0);
    expect(JSON.parse(quick.stdout)).toMatchObject({ ok: true, check: 'quick' });
    const full = await cli(['--json', 'db', 'check', '--full'], { db, as });
    expect(full.code).toBe(5);
    const doc = JSON.parse(full.stdout);
    expect(doc).toMatchObject({ ok: false, check: 'full' });
    expect(doc.integrity.join('\n')).toContain('users_name');
    const people = await cli(['db', 'check', '--full'], { db, as });
    expect(people.code).toBe(5);
    expect(people.stderr).toContain('users_name');
  });

  it.skipIf(ON_PG)('exits 5 listing rows that point nowhere', async () => {
    const db = freshDbPath();
    const raw = new Database(db);
    raw.pragma('foreign_keys = OFF');
    raw.prepare("INSERT INTO user_roles (user_id, role) VALUES (999, 'grader')").run();
    raw.close();
    const r = await cli(['db', 'check'], { db, as });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('user_roles row');
    expect(r.stderr).toContain('points to a missing row in users');
    const j = await cli(['--json', 'db', 'check'], { db, as });
    expect(j.code).toBe(5);
    expect(JSON.parse(j.stdout).foreignKeys).toEqual([{ table: 'user_roles', rowid: null, parent: 'users', fkid: 0 }]);
  });

  it.skipIf(ON_PG)('exits 5 listing what integrity_check finds in a damaged file', async () => {
    const db = freshDbPath();
    const raw = new Database(db);
    const { rootpage } = raw.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'events_at'").get() as { rootpage: number };
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    // Zero the index's root page behind SQLite's back, as a failing disk would.
    const fd = fs.openSync(db, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize), 0, pageSize, (rootpage - 1) * pageSize);
    fs.closeSync(fd);
    for (const args of [['db', 'check'], ['db', 'check', '--full']]) {
      const r = await cli(args, { db, as });
      expect(r.code, args.join(' ')).toBe(5);
      expect(r.stderr).toMatch(/problem/);
      expect(r.stderr.split('\n').length).toBeGreaterThan(2);
    }
  });

  it('exits 4 when there is no database, without creating one', async () => {
    const missing = path.join(tmpDir(), 'none.db');
    expect((await cli(['db', 'check'], { db: missing, as })).code).toBe(4);
    expect(fs.existsSync(missing)).toBe(false);
  });
});
