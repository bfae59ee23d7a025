import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { LATEST_VERSION } from '../../src/db/migrations/index.js';
import { initDatabase } from '../../src/domain/people/init.js';
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

  it('holds the first administrator to the rules of every user, and writes nothing when refused', async () => {
    const file = path.join(tmpDir(), 'b.db');
    const bad = await cli(['init', '--admin', 'bad name', '--email', 'nope'], { db: file });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('a username is');
    expect(bad.stderr).toContain('email');
    const ok = await cli(['init', '--admin', 'kari'], { db: file });
    expect(ok.code).toBe(0);
    const show = await cli(['--json', 'users', 'show', 'kari'], { db: file, as: 'kari' });
    // An employee, like any other added without --no-nin.
    expect(JSON.parse(show.stdout)).toMatchObject({ kind: 'employee', hasNin: true, logins: ['feide'], extended: true });
  });

  it('a command line naming no command prints help and exits 2; help asked for exits 0', async () => {
    for (const argv of [[], ['users'], ['roles', 'extended']]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('Usage:');
    }
    for (const argv of [['--help'], ['help', 'users'], ['users', '--help'], ['--version']]) {
      expect((await cli(argv)).code, argv.join(' ')).toBe(0);
    }
  });
});

describe('a file that is not a usable database', () => {
  it('is named with what is wrong, never an unexpected failure', async () => {
    const dir = tmpDir();
    const text = path.join(dir, 'notes.db');
    fs.writeFileSync(text, 'hello, this is not SQLite\n'.repeat(10));
    const r = await cli(['users', 'list'], { db: text, as: 'x' });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`${text}: the database cannot be read (SQLITE_NOTADB)`);
    expect(r.stderr).not.toContain('unexpected');
    expect(fs.readFileSync(text, 'utf8')).toMatch(/^hello/);

    const d = await cli(['users', 'list'], { db: dir, as: 'x' });
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('it is a directory');

    const under = await cli(['users', 'list'], { db: path.join(text, 'x.db'), as: 'x' });
    expect(under.code).toBe(2);
    expect(under.stderr).toContain('cannot create the database');
  });

  it('a page damaged past the file header: exit 5 pointing at db check', async () => {
    const file = path.join(tmpDir(), 'damaged.db');
    const db = openDatabase(file);
    initDatabase(db, { admin: 'admin' }, new Date());
    const root = (db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'users'`).get() as { rootpage: number }).rootpage;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(80, 0x50), 0, 80, 4096 * (root - 1) + 8);
    fs.closeSync(fd);
    const r = await cli(['users', 'list'], { db: file, as: 'admin' });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('db check');
    expect(r.stderr).not.toContain('unexpected');
  });
});
