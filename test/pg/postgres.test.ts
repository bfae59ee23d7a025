import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, contentHash, freshDbPath, openDb, tmpDir, writeTemp } from '../helpers.js';
import { ON_PG, ensureLogin, freshPgDatabase, pgUrl } from '../engine.js';
import { WRITE_LOCK } from '../../src/db/pg/client.js';

/**
 * What only PostgreSQL has: the login as the acting user, connection failures in one line, a
 * login with no more than the documented rights, writers on two connections, a killed import,
 * a newer schema, pg_dump. Runs when the suite runs on PostgreSQL (EXAMCTL_TEST_ENGINE=postgres).
 * Commands are spawned with the URL exactly as given: no login is swapped in for --as here.
 */
interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function examctl(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> & { pid?: number; kill(): void } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const p = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : -2), stdout, stderr })));
  return Object.assign(p, { pid: child.pid, kill: () => child.kill('SIGKILL') });
}

const as = (url: string, user: string) => (ensureLogin(user), pgUrl(url, { user }));

function sql<T = Record<string, unknown>>(url: string, text: string, ...params: unknown[]): T[] {
  const db = openDb(url);
  try {
    return db.prepare(text).all(...params) as T[];
  } finally {
    db.close();
  }
}

const oneLine = (r: Run) => {
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

/** A test T with candidates first..first + n - 1, and bob, a planner on it with a login of his own. */
async function office(n: number, first = 1): Promise<string> {
  const url = freshDbPath('admin');
  const a = as(url, 'admin');
  for (const args of [
    ['users', 'add', 'bob', '--name', 'Bob Planner'],
    ['roles', 'grant', 'bob', '--role', 'planner'],
    ['tests', 'create', 'T', '--course', 'TDT4100', '--year', '2026', '--term', 'spring', '--title', 'T', '--scale', 'letter'],
    ['tests', 'contributors', 'add', 'T', 'bob', '--role', 'planner'],
  ]) {
    const r = await examctl(['--db', a, ...args]);
    expect(r.code, r.stderr).toBe(0);
  }
  const db = openDb(url);
  db.prepare(
    `INSERT INTO candidates (exam_id, number, status) SELECT e.id, CAST(g AS text), 'submitted' FROM exams e, generate_series(CAST(? AS integer), CAST(? AS integer)) g WHERE e.code = 'T'`,
  ).run(first, first + n - 1);
  db.close();
  return url;
}

const gradesOf = (url: string) => (sql<{ n: number }>(url, "SELECT count(*) AS n FROM grades g JOIN candidates c ON c.id = g.candidate_id")[0]!).n;

describe.runIf(ON_PG)('PostgreSQL: the login is who acts', () => {
  it('refuses --as or EXAMCTL_USER naming another user than the login (3), changes nothing, and logs the login as actor', async () => {
    const url = await office(3);
    const before = contentHash(url);
    const r1 = await examctl(['--db', as(url, 'bob'), '--as', 'admin', 'users', 'add', 'eve', '--name', 'Eve']);
    expect(r1.code).toBe(3);
    expect(r1.stderr).toMatch(/login the server authenticated, bob; acting as admin/);
    oneLine(r1);
    const r2 = await examctl(['users', 'add', 'eve', '--name', 'Eve'], { EXAMCTL_DB: as(url, 'bob'), EXAMCTL_USER: 'admin' });
    expect(r2.code).toBe(3);
    expect(contentHash(url)).toBe(before);
    // Without --as, and with --as naming the login itself, bob acts as bob.
    const ok = await examctl(['--db', as(url, 'bob'), 'candidates', 'add', 'T', '900', '--status', 'attended']);
    expect(ok.code, ok.stderr).toBe(0);
    const same = await examctl(['--db', as(url, 'bob'), '--as', 'bob', 'candidates', 'add', 'T', '901', '--status', 'attended']);
    expect(same.code, same.stderr).toBe(0);
    const log = JSON.parse((await examctl(['--db', as(url, 'admin'), '--json', 'log', '--kind', 'candidates.add'])).stdout);
    expect(log.map((e: { actor: string }) => e.actor)).toEqual(['bob', 'bob']);
  });

  it('init makes the login the first administrator, and refuses --admin naming another', async () => {
    const url = freshPgDatabase();
    const other = await examctl(['--db', as(url, 'carol'), 'init', '--admin', 'admin', '--name', 'Ada']);
    expect(other.code).toBe(3);
    expect(sql(url, 'SELECT username FROM users')).toEqual([]);
    const ok = await examctl(['--db', as(url, 'carol'), '--json', 'init', '--name', 'Carol Admin']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ admin: 'carol', extended: true });
  });
});

describe.runIf(ON_PG)('PostgreSQL: connections that fail say so in one line', () => {
  it('a URL that cannot be read (2), an unreachable server (4), a wrong password (2), a missing database (4)', async () => {
    const url = freshDbPath('admin');
    const bad = await examctl(['--db', 'postgresql://admin@127.0.0.1:99999/x', 'users', 'list']);
    expect(bad.code).toBe(2);
    oneLine(bad);
    expect(bad.stderr).toMatch(/not a PostgreSQL URL/);
    const down = await examctl(['--db', 'postgresql://admin@127.0.0.1:1/examctl', 'users', 'list']);
    expect(down.code).toBe(4);
    oneLine(down);
    expect(down.stderr).toMatch(/cannot be reached/);
    const admin = openDb(url);
    admin.exec(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'examctl_pw') THEN CREATE ROLE examctl_pw LOGIN PASSWORD 'right'; END IF; END $$`);
    admin.close();
    const u = new URL(url);
    u.username = 'examctl_pw';
    u.password = 'wrong';
    const pw = await examctl(['--db', u.toString(), 'users', 'list']);
    expect(pw.code).toBe(2);
    oneLine(pw);
    expect(pw.stderr).toMatch(/refused the login/);
    expect(pw.stderr).not.toContain('wrong');
    const missing = await examctl(['--db', pgUrl(as(url, 'admin'), { database: 'examctl_no_such_db' }), 'users', 'list']);
    expect(missing.code).toBe(4);
    oneLine(missing);
    expect(missing.stderr).toMatch(/does not exist/);
  });

  it('a password comes from ~/.pgpass or PGPASSWORD, none on the command line; none at all (2) and no rights on the schema (3) are one line each', async () => {
    const url = freshDbPath('admin');
    const dbName = decodeURIComponent(new URL(url).pathname.slice(1));
    const admin = openDb(url);
    admin.exec(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'examctl_pw') THEN CREATE ROLE examctl_pw LOGIN PASSWORD 'right'; END IF; END $$;
      GRANT USAGE ON SCHEMA examctl TO examctl_pw;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA examctl TO examctl_pw;
      GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA examctl TO examctl_pw;`);
    const u = new URL(url);
    u.username = 'examctl_pw';
    const home = tmpDir();
    fs.writeFileSync(path.join(home, '.pgpass'), `${u.hostname}:${u.port}:${dbName}:examctl_pw:right\n`, { mode: 0o600 });
    const fromFile = await examctl(['--db', u.toString(), '--json', 'db', 'check'], { HOME: home });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stderr).toBe('');
    const fromEnv = await examctl(['--db', u.toString(), '--json', 'db', 'check'], { HOME: tmpDir(), PGPASSWORD: 'right' });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    const none = await examctl(['--db', u.toString(), 'db', 'check'], { HOME: tmpDir() });
    expect(none.code).toBe(2);
    oneLine(none);
    expect(none.stderr).toMatch(/asks this login for a password and none was given/);
    admin.exec('REVOKE USAGE ON SCHEMA examctl FROM examctl_pw');
    admin.close();
    const denied = await examctl(['--db', u.toString(), 'db', 'check'], { HOME: home });
    expect(denied.code).toBe(3);
    oneLine(denied);
    expect(denied.stderr).toMatch(/no rights on the examctl schema/);
  });

  it('refuses a database whose schema is newer than this examctl (5), reading nothing else', async () => {
    const url = freshDbPath('admin');
    const db = openDb(url);
    db.exec('UPDATE examctl.schema_version SET version = 99');
    db.close();
    const r = await examctl(['--db', as(url, 'admin'), 'users', 'list']);
    expect(r.code).toBe(5);
    oneLine(r);
    expect(r.stderr).toMatch(/schema version 99 is newer than this examctl supports/);
  });
});

describe.runIf(ON_PG)('PostgreSQL: a login with the documented rights and no more', () => {
  it('works with USAGE on the schema, SELECT/INSERT/UPDATE/DELETE on its tables and its sequences, and creates nothing', async () => {
    const url = await office(2);
    const db = openDb(url);
    const dbName = decodeURIComponent(new URL(url).pathname.slice(1));
    db.exec(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'examctl_staff') THEN CREATE ROLE examctl_staff NOLOGIN; END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'clerk') THEN CREATE ROLE clerk LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF;
      END $$;
      REVOKE ALL ON DATABASE "${dbName}" FROM PUBLIC;
      REVOKE CREATE ON SCHEMA public FROM PUBLIC;
      GRANT CONNECT ON DATABASE "${dbName}" TO examctl_staff;
      GRANT USAGE ON SCHEMA examctl TO examctl_staff;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA examctl TO examctl_staff;
      GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA examctl TO examctl_staff;
      GRANT examctl_staff TO clerk;`);
    db.close();
    const clerk = pgUrl(url, { user: 'clerk' });
    const admin = as(url, 'admin');
    for (const args of [['users', 'add', 'clerk', '--name', 'Clara Clerk'], ['roles', 'grant', 'clerk', '--role', 'planner'], ['tests', 'contributors', 'add', 'T', 'clerk', '--role', 'planner']]) {
      expect((await examctl(['--db', admin, ...args])).code).toBe(0);
    }
    const sheet = writeTemp('clerk.csv', 'Candidate number,Grade\n1,B\n2,C\n');
    for (const args of [['candidates', 'add', 'T', '50', '--status', 'attended'], ['grades', 'import', 'T', sheet], ['grades', 'set', 'T', '50', 'A'], ['grades', 'confirm', 'T', '--yes'], ['report', 'T'], ['log', '--test', 'T'], ['db', 'check']]) {
      const r = await examctl(['--db', clerk, ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const made = sql(url, `SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = 'clerk'`);
    expect(made).toEqual([]);
    expect(sql(url, "SELECT count(*) AS n FROM grades WHERE confirmed = 1")).toEqual([{ n: 3 }]);
  });
});

describe.runIf(ON_PG)('PostgreSQL: writers on two connections', () => {
  it('two imports into one test at once both land whole, or one is refused (5) with nothing of it written; db check clean', async () => {
    const url = await office(4000);
    const rows = (from: number, grade: string) => ['Candidate number,Grade', ...Array.from({ length: 2000 }, (_, i) => `${from + i},${grade}`)].join('\n');
    const f1 = writeTemp('first.csv', rows(1, 'B'));
    const f2 = writeTemp('second.csv', rows(2001, 'C'));
    const bob = as(url, 'bob');
    const [a, b] = await Promise.all([examctl(['--db', bob, 'grades', 'import', 'T', f1]), examctl(['--db', bob, 'grades', 'import', 'T', f2])]);
    for (const r of [a, b]) expect([0, 5], r.stderr).toContain(r.code);
    const landed = (first: number) => (sql<{ n: number }>(url, 'SELECT count(*) AS n FROM grades g JOIN candidates c ON c.id = g.candidate_id WHERE CAST(c.number AS integer) BETWEEN ? AND ?', first, first + 1999)[0]!).n;
    expect(landed(1)).toBe(a.code === 0 ? 2000 : 0);
    expect(landed(2001)).toBe(b.code === 0 ? 2000 : 0);
    if (a.code === 5 || b.code === 5) expect(a.stderr + b.stderr).toMatch(/try again/);
    const check = await examctl(['--db', bob, '--json', 'db', 'check']);
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, foreignKeys: [] });
  });

  it('a writer that waits past lock_timeout for another is refused (5), told to try again, and writes nothing', async () => {
    const url = await office(50);
    const bob = as(url, 'bob');
    const file = writeTemp('held.csv', ['Candidate number,Grade', ...Array.from({ length: 50 }, (_, i) => `${i + 1},B`)].join('\n'));
    const holder = openDb(url);
    holder.prepare('SELECT pg_advisory_lock(?) AS held').get(WRITE_LOCK);
    try {
      const r = await examctl(['--db', bob, 'grades', 'import', 'T', file], { PGOPTIONS: '-c lock_timeout=300' });
      expect(r.code, r.stderr).toBe(5);
      oneLine(r);
      expect(r.stderr).toMatch(/locked by another examctl process .*try again/);
      expect(gradesOf(url)).toBe(0);
    } finally {
      holder.prepare('SELECT pg_advisory_unlock(?) AS freed').get(WRITE_LOCK);
      holder.close();
    }
    const again = await examctl(['--db', bob, 'grades', 'import', 'T', file]);
    expect(again.code, again.stderr).toBe(0);
    expect(gradesOf(url)).toBe(50);
  });

  it('one imports while another confirms: every grade imported is there, and what was confirmed is confirmed', async () => {
    const url = await office(3000);
    const bob = as(url, 'bob');
    const first = writeTemp('first.csv', ['Candidate number,Grade', ...Array.from({ length: 1000 }, (_, i) => `${i + 1},B`)].join('\n'));
    expect((await examctl(['--db', bob, 'grades', 'import', 'T', first])).code).toBe(0);
    const second = writeTemp('second.csv', ['Candidate number,Grade', ...Array.from({ length: 2000 }, (_, i) => `${i + 1001},D`)].join('\n'));
    const [imp, conf] = await Promise.all([examctl(['--db', bob, 'grades', 'import', 'T', second]), examctl(['--db', bob, '--json', 'grades', 'confirm', 'T', '--yes'])]);
    expect([0, 5]).toContain(imp.code);
    expect([0, 5]).toContain(conf.code);
    expect(gradesOf(url)).toBe(imp.code === 0 ? 3000 : 1000);
    const confirmed = (sql<{ n: number }>(url, 'SELECT count(*) AS n FROM grades WHERE confirmed = 1')[0]!).n;
    if (conf.code === 0) expect([1000, 3000]).toContain(confirmed);
    else expect(confirmed).toBe(0);
  });

  it('an import killed with SIGKILL in the middle of writing 100,000 grades leaves all or none of them', async () => {
    const url = await office(100_000, 100_000);
    const bob = as(url, 'bob');
    const file = path.join(ROOT, 'bench', 'data', 'grades-100k.xlsx');
    const db = openDb(url);
    const child = examctl(['--db', bob, 'grades', 'import', 'T', file]);
    // Watch the server until the import is inside its write transaction, writing the batch's changes.
    const dbName = decodeURIComponent(new URL(url).pathname.slice(1));
    let seen = false;
    for (let i = 0; i < 2_000_000 && !seen; i++) {
      const r = db.prepare(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = ? AND state = 'active' AND query LIKE 'COPY batch_changes%'",
      ).get(dbName) as { n: number };
      seen = r.n > 0;
      if (!seen) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(seen, 'the import reached its writes').toBe(true);
    child.kill();
    const r = await child;
    expect(r.code).toBe(-1);
    // The server ends the dead connection's transaction: wait for its backend to go, then count.
    for (let i = 0; i < 2_000_000; i++) {
      const left = db.prepare("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = ? AND granted").get(WRITE_LOCK) as { n: number };
      if (left.n === 0) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    db.close();
    expect([0, 100_000]).toContain(gradesOf(url));
    expect(sql(url, 'SELECT count(*) AS n FROM batch_changes')).toEqual([{ n: gradesOf(url) }]);
  }, 300_000);
});

describe.runIf(ON_PG)('PostgreSQL: backups', () => {
  it('a password in the URL reaches pg_dump, with no ~/.pgpass; a login that is no user is told so (3) and how to add it', async () => {
    const url = await office(3);
    const admin = openDb(url);
    admin.exec(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'examctl_pw') THEN CREATE ROLE examctl_pw LOGIN PASSWORD 'right'; END IF; END $$;
      GRANT USAGE ON SCHEMA examctl TO examctl_pw;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA examctl TO examctl_pw;
      GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA examctl TO examctl_pw;`);
    admin.close();
    const u = new URL(url);
    u.username = 'examctl_pw';
    u.password = 'right';
    const home = tmpDir();
    const stranger = await examctl(['--db', u.toString(), 'users', 'list'], { HOME: home });
    expect(stranger.code).toBe(3);
    expect(stranger.stderr).toMatch(/the login "examctl_pw" is not a user of this database/);
    expect(stranger.stderr).toMatch(/users add examctl_pw --name/);
    for (const args of [['users', 'add', 'examctl_pw', '--name', 'Pia Passord'], ['roles', 'grant', 'examctl_pw', '--role', 'user-administrator']]) {
      expect((await examctl(['--db', as(url, 'admin'), ...args])).code).toBe(0);
    }
    const target = path.join(tmpDir(), 'with-password.dump');
    const r = await examctl(['--db', u.toString(), 'db', 'backup', target], { HOME: home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('right');
    expect(fs.readFileSync(target).subarray(0, 5).toString()).toBe('PGDMP');
  });


  it('db backup writes pg_dump custom format (mode 0600) and logs it; pg_restore reads it', async () => {
    const url = await office(5);
    const target = path.join(tmpDir(), 'nightly.dump');
    const r = await examctl(['--db', as(url, 'admin'), '--json', 'db', 'backup', target]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ backup: target });
    expect(fs.readFileSync(target).subarray(0, 5).toString()).toBe('PGDMP');
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(sql(url, "SELECT subject FROM events WHERE kind = 'db.backup'")).toEqual([{ subject: target }]);
    const again = await examctl(['--db', as(url, 'admin'), 'db', 'backup', target]);
    expect(again.code).toBe(5);
  });
});
