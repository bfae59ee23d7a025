import { describe, expect, it } from 'vitest';
import { cli, freshDbPath, openDb } from '../helpers.js';

async function withUsers() {
  const db = freshDbPath();
  const as = 'admin';
  expect((await cli(['users', 'add', 'kari', '--name', 'Kari Nordmann', '--email', 'kari@ntnu.no'], { db, as })).code).toBe(0);
  expect((await cli(['users', 'add', 'ola', '--name', 'Ola Ekstern', '--kind', 'external', '--nin', '--login', 'idporten'], { db, as })).code).toBe(0);
  expect((await cli(['users', 'add', 'siri', '--name', 'Siri Student', '--kind', 'student'], { db, as })).code).toBe(0);
  return { db, as };
}

describe('users add', () => {
  it('adds an employee with Feide by default and prints the user as JSON', async () => {
    const db = freshDbPath();
    const r = await cli(['--json', 'users', 'add', 'bjørn', '--name', 'Bjørn Åsen'], { db, as: 'admin' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      username: 'bjørn',
      name: 'Bjørn Åsen',
      email: null,
      kind: 'employee',
      logins: ['feide'],
      // an employee is taken to have a national identity number unless told otherwise
      hasNin: true,
      feideActivated: true,
      roles: [],
      extended: false,
      active: true,
      createdAt: expect.any(String),
    });
  });

  it('takes the login methods of SPEC §12 as written: an employee may have ID-porten, an external without a number may not', async () => {
    const db = freshDbPath();
    const ok = await cli(['users', 'add', 'ola', '--name', 'Ola Nordmann', '--email', 'ola@ntnu.no', '--kind', 'employee', '--login', 'feide,idporten'], { db, as: 'admin' });
    expect(ok.code).toBe(0);
    const ext = await cli(['users', 'add', 'eva', '--name', 'Eva Ekstern', '--kind', 'external', '--login', 'feide,idporten'], { db, as: 'admin' });
    expect(ext.code).toBe(2);
    expect(ext.stderr).toContain('ID-porten needs a Norwegian national identity number');
    const extNin = await cli(['users', 'add', 'eva', '--name', 'Eva Ekstern', '--kind', 'external', '--nin', '--login', 'feide,idporten'], { db, as: 'admin' });
    expect(extNin.code).toBe(0);
  });

  it('refuses a duplicate username with exit 5', async () => {
    const { db, as } = await withUsers();
    const r = await cli(['users', 'add', 'kari', '--name', 'Another Kari'], { db, as });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('already exists');
  });

  it('refuses ID-porten for someone without a national identity number, with exit 2 saying why', async () => {
    const db = freshDbPath();
    const r = await cli(['users', 'add', 'ext', '--name', 'Ext', '--kind', 'external', '--login', 'idporten'], { db, as: 'admin' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ID-porten needs a Norwegian national identity number');
    expect(r.stderr).toContain('activated Feide account');
    const db2 = openDb(db);
    expect(db2.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 1 });
  });

  it('takes registered alone only as an explicit choice, and never as a default', async () => {
    const db = freshDbPath();
    const r = await cli(['--json', 'users', 'add', 'fallback', '--name', 'F', '--login', 'registered'], { db, as: 'admin' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).logins).toEqual(['registered']);
    const bad = await cli(['users', 'add', 'x', '--name', 'X', '--login', 'fax'], { db, as: 'admin' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown login method "fax"');
  });

  it('refuses unknown kinds and a missing --name with exit 2', async () => {
    const db = freshDbPath();
    expect((await cli(['users', 'add', 'x', '--name', 'X', '--kind', 'professor'], { db, as: 'admin' })).code).toBe(2);
    expect((await cli(['users', 'add', 'x'], { db, as: 'admin' })).code).toBe(2);
  });

  it('refuses a non-administrator with exit 3 naming the missing role', async () => {
    const { db } = await withUsers();
    const r = await cli(['users', 'add', 'x', '--name', 'X'], { db, as: 'kari' });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('user-administrator');
  });
});

describe('users list and show', () => {
  it('lists active users as a table, filters by kind and role, and --all adds deactivated ones', async () => {
    const { db, as } = await withUsers();
    const table = await cli(['users', 'list'], { db, as });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/username\s+name/);
    expect(table.stdout).toContain('Kari Nordmann');
    const ext = JSON.parse((await cli(['--json', 'users', 'list', '--kind', 'external'], { db, as })).stdout);
    expect(ext.map((u: { username: string }) => u.username)).toEqual(['ola']);
    const planners = JSON.parse((await cli(['--json', 'users', 'list', '--role', 'planner'], { db, as })).stdout);
    expect(planners.map((u: { username: string }) => u.username)).toEqual(['admin']);
    await cli(['users', 'deactivate', 'kari'], { db, as });
    const active = JSON.parse((await cli(['--json', 'users', 'list'], { db, as })).stdout);
    expect(active.map((u: { username: string }) => u.username)).toEqual(['admin', 'ola', 'siri']);
    const all = JSON.parse((await cli(['--json', 'users', 'list', '--all'], { db, as })).stdout);
    expect(all.find((u: { username: string }) => u.username === 'kari').active).toBe(false);
  });

  it('prints an empty JSON array when nothing matches, and refuses an unknown role filter', async () => {
    const { db, as } = await withUsers();
    const r = await cli(['--json', 'users', 'list', '--role', 'reporter'], { db, as });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect((await cli(['users', 'list', '--role', 'wizard'], { db, as })).code).toBe(2);
  });

  it('shows one user; exit 4 for an unknown one; a user may see itself but not others', async () => {
    const { db, as } = await withUsers();
    const r = await cli(['--json', 'users', 'show', 'ola'], { db, as });
    expect(JSON.parse(r.stdout)).toMatchObject({ username: 'ola', kind: 'external', hasNin: true, logins: ['idporten'] });
    expect((await cli(['users', 'show', 'nobody'], { db, as })).code).toBe(4);
    expect((await cli(['users', 'show', 'kari'], { db, as: 'kari' })).code).toBe(0);
    expect((await cli(['users', 'show', 'ola'], { db, as: 'kari' })).code).toBe(3);
  });
});

describe('users update, deactivate, reactivate', () => {
  it('updates fields and logs old → new of each one changed', async () => {
    const { db, as } = await withUsers();
    const r = await cli(['--json', 'users', 'update', 'kari', '--email', 'kari@uib.no', '--name', 'Kari Nordmann'], { db, as });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).changes).toEqual({ email: { old: 'kari@ntnu.no', new: 'kari@uib.no' } });
    const log = JSON.parse((await cli(['--json', 'log', '--user', 'kari'], { db, as })).stdout);
    expect(log.at(-1)).toMatchObject({ kind: 'users.update', old: { email: 'kari@ntnu.no' }, new: { email: 'kari@uib.no' } });
  });

  it('refuses dropping the national identity number of a user who logs in with ID-porten', async () => {
    const { db, as } = await withUsers();
    const r = await cli(['users', 'update', 'ola', '--no-nin'], { db, as });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ID-porten');
  });

  it('refuses making a role holder a student (exit 5)', async () => {
    const { db, as } = await withUsers();
    await cli(['roles', 'grant', 'kari', '--role', 'grader'], { db, as });
    const r = await cli(['users', 'update', 'kari', '--kind', 'student'], { db, as });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('student');
  });

  it('deactivates keeping history; a deactivated user can no longer act; reactivation restores it', async () => {
    const { db, as } = await withUsers();
    await cli(['roles', 'grant', 'kari', '--role', 'user-administrator'], { db, as });
    expect((await cli(['users', 'deactivate', 'kari'], { db, as })).code).toBe(0);
    const acting = await cli(['users', 'list'], { db, as: 'kari' });
    expect(acting.code).toBe(3);
    expect(acting.stderr).toContain('deactivated');
    const again = await cli(['users', 'deactivate', 'kari'], { db, as });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already deactivated');
    expect((await cli(['users', 'reactivate', 'kari'], { db, as })).code).toBe(0);
    expect((await cli(['users', 'list'], { db, as: 'kari' })).code).toBe(0);
    const kinds = JSON.parse((await cli(['--json', 'log', '--user', 'kari'], { db, as })).stdout).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['users.add', 'roles.grant', 'users.deactivate', 'users.reactivate']);
  });

  it('will not deactivate the last active user administrator (exit 5)', async () => {
    const db = freshDbPath();
    const r = await cli(['users', 'deactivate', 'admin'], { db, as: 'admin' });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('last active user administrator');
  });
});

describe('users add --help', () => {
  it('says the defaults the code applies: a national identity number for employees and students, none for externals', async () => {
    const { cli: run, freshDbPath: fresh } = await import('../helpers.js');
    const help = (await run(['users', 'add', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--no-nin the person has no Norwegian national identity number (default for externals)');
    expect(help).toContain('(default for employees and students; the number itself is never stored)');
    const db = fresh();
    await run(['--json', 'users', 'add', 'ext', '--name', 'Ext', '--kind', 'external'], { db, as: 'admin' });
    const emp = JSON.parse((await run(['--json', 'users', 'add', 'emp', '--name', 'Emp'], { db, as: 'admin' })).stdout);
    const ext = JSON.parse((await run(['--json', 'users', 'show', 'ext'], { db, as: 'admin' })).stdout);
    expect([emp.hasNin, ext.hasNin]).toEqual([true, false]);
  });
});
