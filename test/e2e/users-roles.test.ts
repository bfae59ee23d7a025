import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FIXTURES, openDb, spawnCli, tmpDir } from '../helpers.js';

// These spawn bin/examctl.js: run `npm run build` first (npm test does).
function env(db: string, user = 'admin') {
  return { EXAMCTL_DB: db, EXAMCTL_USER: user };
}

describe('examctl users and roles, as a script runs them', () => {
  it('init, add, import, grant and list through the binary, with the database to show for it', async () => {
    const db = path.join(tmpDir(), 'e2e.db');
    expect((await spawnCli(['init', '--admin', 'admin'], { env: env(db) })).code).toBe(0);
    const add = await spawnCli(['users', 'add', 'kari', '--name', 'Kari Nordmann', '--email', 'kari@ntnu.no'], { env: env(db) });
    expect(add.code).toBe(0);
    expect(add.stdout).toBe('');
    const imp = await spawnCli(['users', 'import', path.join(FIXTURES, 'users', 'users-semicolon-bom-crlf.csv')], { env: env(db) });
    expect(imp.code).toBe(0);
    expect((await spawnCli(['roles', 'grant', 'kari', 'bjornaa', '--profile', 'academic'], { env: env(db) })).code).toBe(0);
    const list = await spawnCli(['--json', 'users', 'list', '--role', 'author'], { env: env(db) });
    expect(list.code).toBe(0);
    expect(list.stderr).toBe('');
    expect(JSON.parse(list.stdout).map((u: { username: string; name: string }) => `${u.username} ${u.name}`)).toEqual([
      'bjornaa Bjørn Åsen',
      'kari Kari Nordmann',
    ]);
    const d = openDb(db);
    expect(d.prepare("SELECT count(*) AS n FROM user_roles WHERE role IN ('author', 'grader')").get()).toEqual({ n: 4 });
    expect(d.prepare("SELECT count(*) AS n FROM events WHERE kind = 'users.import'").get()).toEqual({ n: 5 });
    d.close();
  });

  it('exits 2 on a file with bad rows, and on a text file renamed .xlsx, without a stack trace and writing nothing', async () => {
    const db = path.join(tmpDir(), 'bad.db');
    await spawnCli(['init', '--admin', 'admin'], { env: env(db) });
    const bad = await spawnCli(['users', 'import', path.join(FIXTURES, 'users', 'users-bad-rows.csv')], { env: env(db) });
    expect(bad.code).toBe(2);
    const rows = new Set(bad.stderr.match(/users-bad-rows\.csv, row \d+/g));
    expect([...rows].map((r) => r.replace(/.*row /, ''))).toEqual(['3', '4', '5', '6', '7', '8', '9']);
    const renamed = await spawnCli(['users', 'import', path.join(FIXTURES, 'users', 'not-a-spreadsheet.xlsx')], { env: env(db) });
    expect(renamed.code).toBe(2);
    expect(renamed.stderr).not.toMatch(/\n\s+at /);
    const d = openDb(db);
    expect(d.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 1 });
    d.close();
  });

  it('exits 3 when a non-administrator grants a role, and 4 for an unknown user', async () => {
    const db = path.join(tmpDir(), 'perm.db');
    await spawnCli(['init', '--admin', 'admin'], { env: env(db) });
    await spawnCli(['users', 'add', 'kari', '--name', 'Kari'], { env: env(db) });
    const r = await spawnCli(['roles', 'grant', 'kari', '--role', 'planner'], { env: env(db, 'kari') });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('it needs the user-administrator role');
    expect((await spawnCli(['roles', 'grant', 'ghost', '--role', 'planner'], { env: env(db) })).code).toBe(4);
  });

  it('backs up while another process holds a write transaction, and the copy is sound', async () => {
    const db = path.join(tmpDir(), 'busy.db');
    await spawnCli(['init', '--admin', 'admin'], { env: env(db) });
    const writer = new Database(db, { timeout: 10_000 });
    writer.prepare('BEGIN IMMEDIATE').run();
    writer.prepare("INSERT INTO users (username, name, kind, logins, created_at) VALUES ('w', 'W', 'employee', 'feide', 'x')").run();
    const target = path.join(tmpDir(), 'copy.db');
    const pending = spawnCli(['db', 'backup', target], { env: env(db) });
    // Recording the backup's event waits for this writer; let it finish its transaction.
    setTimeout(() => {
      writer.prepare('COMMIT').run();
      writer.close();
    }, 300);
    const r = await pending;
    expect(r.code).toBe(0);
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare("SELECT username FROM users WHERE username = 'admin'").get()).toEqual({ username: 'admin' });
    copy.close();
    expect((await spawnCli(['db', 'check'], { env: env(db) })).code).toBe(0);
  });
});

describe('the global contract of SPEC §10 through the binary', () => {
  it('creates the per-user default database on first use (0700 folder, 0600 file); --db and --as beat the environment', async () => {
    const home = tmpDir();
    const xdg = path.join(home, 'data');
    const base = { HOME: home, XDG_DATA_HOME: xdg };
    const init = await spawnCli(['init', '--admin', 'boss'], { env: base });
    expect(init.code).toBe(0);
    const file = path.join(xdg, 'examctl', 'examctl.db');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);

    // Global options before and after the verb, in both spellings; EXAMCTL_USER when no --as.
    for (const argv of [
      ['--json', '--as', 'boss', 'users', 'list'],
      ['users', 'list', '--json', '--as=boss'],
      ['users', '--json', 'list', '--as', 'boss'],
    ]) {
      const r = await spawnCli(argv, { env: { ...base, EXAMCTL_USER: 'nobody' } });
      expect(r.code, argv.join(' ')).toBe(0);
      expect(JSON.parse(r.stdout).map((u: { username: string }) => u.username)).toEqual(['boss']);
    }
    const byEnv = await spawnCli(['--json', 'users', 'show', 'boss'], { env: { ...base, EXAMCTL_USER: 'boss' } });
    expect(JSON.parse(byEnv.stdout).username).toBe('boss');

    // --db beats EXAMCTL_DB, which beats the default.
    const other = path.join(tmpDir(), 'other.db');
    expect((await spawnCli(['--db', other, 'init', '--admin', 'ola'], { env: { ...base, EXAMCTL_DB: file } })).code).toBe(0);
    const viaEnv = await spawnCli(['--json', 'users', 'list'], { env: { ...base, EXAMCTL_DB: other, EXAMCTL_USER: 'ola' } });
    expect(JSON.parse(viaEnv.stdout).map((u: { username: string }) => u.username)).toEqual(['ola']);

    // Errors: nothing on stdout under --json, one line on stderr, the exit code of the taxonomy.
    const missing = await spawnCli(['--json', 'users', 'show', 'ghost'], { env: { ...base, EXAMCTL_USER: 'boss' } });
    expect(missing).toMatchObject({ code: 4, stdout: '' });
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    for (const [argv, code] of [
      [['frob'], 2],
      [['users', 'list', '--frob'], 2],
      [['users', 'show'], 2],
      [['users'], 2],
      [['--version'], 0],
      [['users', '--help'], 0],
    ] as const) {
      expect((await spawnCli([...argv], { env: { ...base, EXAMCTL_USER: 'boss' } })).code, argv.join(' ')).toBe(code);
    }
  });
});
