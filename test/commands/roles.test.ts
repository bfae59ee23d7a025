import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, freshDbPath, openDb, writeTemp } from '../helpers.js';

const as = 'admin';
const R = (name: string) => path.join(FIXTURES, 'roles', name);

async function setup() {
  const db = freshDbPath();
  for (const [u, extra] of [
    ['kari', []],
    ['ola', []],
    ['siri', ['--kind', 'student']],
  ] as const) {
    expect((await cli(['users', 'add', u, '--name', u.toUpperCase(), ...extra], { db, as })).code).toBe(0);
  }
  return db;
}

const rolesOf = async (db: string, u: string) => JSON.parse((await cli(['--json', 'roles', 'list', u], { db, as })).stdout);

describe('roles grant and revoke', () => {
  it('grants roles to several users at once and lists them', async () => {
    const db = await setup();
    const r = await cli(['--json', 'roles', 'grant', 'kari', 'ola', '--role', 'grader', 'reporter'], { db, as });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { username: 'kari', roles: ['grader', 'reporter'], granted: ['grader', 'reporter'] },
      { username: 'ola', roles: ['grader', 'reporter'], granted: ['grader', 'reporter'] },
    ]);
    expect(await rolesOf(db, 'kari')).toEqual({ username: 'kari', roles: ['grader', 'reporter'], extended: false });
  });

  it('grants the three profiles', async () => {
    const db = await setup();
    await cli(['roles', 'grant', 'kari', '--profile', 'academic'], { db, as });
    await cli(['roles', 'grant', 'ola', '--profile', 'administrative'], { db, as });
    expect((await rolesOf(db, 'kari')).roles).toEqual(['author', 'grader']);
    expect((await rolesOf(db, 'ola')).roles).toEqual(['author', 'grader', 'planner']);
    await cli(['users', 'add', 'ext', '--name', 'Ext', '--kind', 'external'], { db, as });
    await cli(['roles', 'grant', 'ext', '--profile', 'external-grader'], { db, as });
    expect((await rolesOf(db, 'ext')).roles).toEqual(['grader']);
    expect((await cli(['roles', 'grant', 'ext', '--profile', 'dean'], { db, as })).code).toBe(2);
  });

  it('exits 2 for an unknown role, 4 for an unknown user, 3 for a non-administrator, changing nothing', async () => {
    const db = await setup();
    const role = await cli(['roles', 'grant', 'kari', '--role', 'wizard'], { db, as });
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('unknown role "wizard"');
    const user = await cli(['roles', 'grant', 'kari', 'nobody', '--role', 'grader'], { db, as });
    expect(user.code).toBe(4);
    expect(user.stderr).toContain('"nobody"');
    expect((await rolesOf(db, 'kari')).roles).toEqual([]);
    await cli(['roles', 'grant', 'kari', '--role', 'planner'], { db, as });
    const who = await cli(['roles', 'grant', 'ola', '--role', 'grader'], { db, as: 'kari' });
    expect(who.code).toBe(3);
    expect(who.stderr).toContain('user-administrator');
    expect((await cli(['roles', 'grant', 'kari'], { db, as })).code).toBe(2);
    expect((await cli(['roles', 'grant', 'kari', '--role', 'grader', '--profile', 'academic'], { db, as })).code).toBe(2);
  });

  it('refuses a staff role to a student account (exit 5)', async () => {
    const db = await setup();
    const r = await cli(['roles', 'grant', 'siri', '--role', 'grader'], { db, as });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('student');
  });

  it('revokes; revoking a role not held changes nothing; the last user administrator stays', async () => {
    const db = await setup();
    await cli(['roles', 'grant', 'kari', '--role', 'grader', 'author'], { db, as });
    const r = await cli(['--json', 'roles', 'revoke', 'kari', '--role', 'grader', 'reporter'], { db, as });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ username: 'kari', roles: ['author'], revoked: ['grader'] }]);
    const none = await cli(['--json', 'roles', 'revoke', 'ola', '--role', 'grader'], { db, as });
    expect(JSON.parse(none.stdout)[0].revoked).toEqual([]);
    const last = await cli(['roles', 'revoke', 'admin', '--role', 'user-administrator'], { db, as });
    expect(last.code).toBe(5);
    expect(last.stderr).toContain('last active user administrator');
    const log = JSON.parse((await cli(['--json', 'log', '--kind', 'roles'], { db, as })).stdout);
    expect(log.map((e: { kind: string; subject: string }) => `${e.kind} ${e.subject}`)).toEqual(['roles.grant kari', 'roles.revoke kari']);
    expect(log[1]).toMatchObject({ old: ['author', 'grader'], new: ['author'] });
  });
});

describe('roles grant and revoke with --role before the usernames', () => {
  it('say that the usernames were read as roles (exit 2, nothing changed); -- ends the roles', async () => {
    const db = await setup();
    for (const verb of ['grant', 'revoke']) {
      const r = await cli(['roles', verb, '--role', 'grader', 'kari', 'ola'], { db, as });
      expect(r.code, verb).toBe(2);
      expect(r.stderr).toContain('"kari", "ola" are not roles');
      expect(r.stderr).toContain('end the roles with --');
    }
    expect((await rolesOf(db, 'kari')).roles).toEqual([]);
    expect((await cli(['roles', 'grant', '--role', 'grader', '--', 'kari', 'ola'], { db, as })).code).toBe(0);
    expect((await rolesOf(db, 'ola')).roles).toEqual(['grader']);
    const none = await cli(['roles', 'grant', '--profile', 'academic'], { db, as });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('<username...>');
  });
});

describe('extended access', () => {
  it('keeps one active user administrator with extended access: no revoke, deactivation or file takes the last one away', async () => {
    const db = await setup();
    // kari administers users without extended access; admin is the only one who can grant it.
    await cli(['roles', 'grant', 'kari', '--role', 'user-administrator'], { db, as });
    const revoke = await cli(['roles', 'revoke', 'admin', '--role', 'user-administrator'], { db, as: 'kari' });
    expect(revoke.code).toBe(5);
    expect(revoke.stderr).toContain('last active user administrator with extended access');
    const off = await cli(['users', 'deactivate', 'admin'], { db, as: 'kari' });
    expect(off.code).toBe(5);
    expect(off.stderr).toContain('last active user administrator with extended access');
    const file = writeTemp('revoke-admin.csv', 'username,role,action\nadmin,user-administrator,revoke\n');
    const imp = await cli(['roles', 'import', file], { db, as: 'kari' });
    expect(imp.code).toBe(2);
    expect(imp.stderr).toContain('with extended access');
    expect(await rolesOf(db, 'admin')).toEqual({ username: 'admin', roles: ['planner', 'user-administrator'], extended: true });
    expect(JSON.parse((await cli(['--json', 'users', 'show', 'admin'], { db, as })).stdout).active).toBe(true);
    // Once kari has extended access too, either may go.
    expect((await cli(['roles', 'extended', 'grant', 'kari'], { db, as })).code).toBe(0);
    expect((await cli(['users', 'deactivate', 'admin'], { db, as: 'kari' })).code).toBe(0);
  });

  it('implies planner, is shown and counted by roles list, and is granted only by an administrator with it', async () => {
    const db = await setup();
    const r = await cli(['--json', 'roles', 'extended', 'grant', 'kari'], { db, as });
    expect(r.code).toBe(0);
    expect(await rolesOf(db, 'kari')).toEqual({ username: 'kari', roles: ['planner'], extended: true });
    const list = await cli(['roles', 'list'], { db, as });
    expect(list.stdout).toContain('Extended access: 2 active users (admin, kari)');
    const all = JSON.parse((await cli(['--json', 'roles', 'list'], { db, as })).stdout);
    expect(all).toEqual([
      { username: 'admin', roles: ['planner', 'user-administrator'], extended: true },
      { username: 'kari', roles: ['planner'], extended: true },
    ]);
    await cli(['roles', 'grant', 'ola', '--role', 'user-administrator'], { db, as });
    const plain = await cli(['roles', 'extended', 'grant', 'ola'], { db, as: 'ola' });
    expect(plain.code).toBe(3);
    expect(plain.stderr).toContain('extended access');
    const notAdmin = await cli(['roles', 'extended', 'revoke', 'admin'], { db, as: 'kari' });
    expect(notAdmin.code).toBe(3);
    expect((await cli(['roles', 'extended', 'revoke', 'kari'], { db, as })).code).toBe(0);
    expect(await rolesOf(db, 'kari')).toEqual({ username: 'kari', roles: [], extended: false });
    expect((await cli(['roles', 'extended', 'grant', 'siri'], { db, as })).code).toBe(5);
    const self = await cli(['roles', 'extended', 'revoke', 'admin'], { db, as });
    expect(self.code).toBe(5);
    const kinds = JSON.parse((await cli(['--json', 'log', '--kind', 'roles.extended'], { db, as })).stdout).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['roles.extended.grant', 'roles.extended.revoke']);
  });

  it('lets a user list its own roles but not others unless it is an administrator or planner', async () => {
    const db = await setup();
    expect((await cli(['roles', 'list', 'kari'], { db, as: 'kari' })).code).toBe(0);
    expect((await cli(['roles', 'list'], { db, as: 'kari' })).code).toBe(3);
    expect((await cli(['roles', 'list', 'nobody'], { db, as })).code).toBe(4);
  });
});

describe('roles import', () => {
  async function withFixtureUsers() {
    const db = freshDbPath();
    expect((await cli(['users', 'import', path.join(FIXTURES, 'users', 'users-openpyxl.xlsx')], { db, as })).code).toBe(0);
    expect((await cli(['users', 'import', path.join(FIXTURES, 'users', 'users-semicolon-bom-crlf.csv')], { db, as })).code).toBe(0);
    return db;
  }

  it('applies an openpyxl workbook in file order: a grant then a revoke leaves the role revoked', async () => {
    const db = await withFixtureUsers();
    const r = await cli(['--json', 'roles', 'import', R('roles-openpyxl.xlsx')], { db, as });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.counts).toEqual({ rows: 5, users: 3, granted: 4, revoked: 0, unchanged: 0, errors: 0 });
    expect((await rolesOf(db, 'ingridb')).roles).toEqual(['author', 'grader']);
    expect((await rolesOf(db, 'tor123')).roles).toEqual(['reporter']);
  });

  it('reads a semicolon CSV with a byte-order mark; revoking a role not held changes nothing', async () => {
    const db = await withFixtureUsers();
    await cli(['roles', 'grant', 'bjornaa', '--role', 'planner'], { db, as });
    const r = await cli(['--json', 'roles', 'import', R('roles-semicolon.csv')], { db, as });
    expect(r.code).toBe(0);
    expect((await rolesOf(db, 'bjornaa')).roles).toEqual(['reporter']);
    expect((await rolesOf(db, 'sisselo')).roles).toEqual(['grader']);
    const doc = JSON.parse(r.stdout);
    expect(doc.changes).toContainEqual({ username: 'bjornaa', before: ['planner'], after: ['reporter'], granted: ['reporter'], revoked: ['planner'] });
  });

  it('dry run shows the changes and writes nothing', async () => {
    const db = await withFixtureUsers();
    const r = await cli(['roles', 'import', '--dry-run', R('roles-openpyxl.xlsx')], { db, as });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ingridb: +author +grader → author, grader');
    expect(r.stderr).toContain('Dry run');
    expect((await rolesOf(db, 'ingridb')).roles).toEqual([]);
  });

  it('reports every bad row and changes nothing', async () => {
    const db = await withFixtureUsers();
    const r = await cli(['roles', 'import', R('roles-bad-rows.csv')], { db, as });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row 3, column A (username): found "ghost": no user');
    expect(r.stderr).toContain('row 4, column B (role): found "wizard": unknown role');
    expect(r.stderr).toContain('row 5, column C (action): found "promote": expected grant or revoke');
    expect(r.stderr).toContain('row 6, column A (username): found "": a username is needed');
    expect((await rolesOf(db, 'bjornaa')).roles).toEqual([]);
  });

  it('refuses a student in the file, and a file that would leave no user administrator', async () => {
    const db = await withFixtureUsers();
    await cli(['users', 'add', 'siri', '--name', 'Siri', '--kind', 'student'], { db, as });
    const s = await cli(['roles', 'import', writeTemp('s.csv', 'username,role\nsiri,grader\n')], { db, as });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('student');
    const a = await cli(['roles', 'import', writeTemp('a.csv', 'username,role,action\nadmin,user-administrator,revoke\n')], { db, as });
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('no active user administrator');
  });

  it('grants 500 users from one file in one command and one transaction', async () => {
    const db = freshDbPath();
    const d = openDb(db);
    const ins = d.prepare("INSERT INTO users (username, name, kind, logins, created_at) VALUES (?, ?, 'employee', 'feide', '2026-01-01T00:00:00Z')");
    d.transaction(() => {
      for (let i = 0; i < 500; i++) ins.run(`u${i}`, `User ${i}`);
    })();
    d.close();
    const rows = ['username,role', ...Array.from({ length: 500 }, (_, i) => `u${i},grader`)].join('\n');
    const r = await cli(['--json', 'roles', 'import', writeTemp('many.csv', rows)], { db, as });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).counts.granted).toBe(500);
    const d2 = openDb(db);
    expect(d2.prepare("SELECT count(*) AS n FROM user_roles WHERE role = 'grader'").get()).toEqual({ n: 500 });
    expect(d2.prepare("SELECT count(*) AS n FROM events WHERE kind = 'roles.grant'").get()).toEqual({ n: 500 });
    d2.close();
  });

  it('is refused to a non-administrator (3)', async () => {
    const db = await withFixtureUsers();
    expect((await cli(['roles', 'import', R('roles-semicolon.csv')], { db, as: 'bjornaa' })).code).toBe(3);
  });
});

describe('roles import checks the last administrator inside its write', () => {
  it('a revoke by another hand between the check of the file and its write is seen: refused, nothing of the file written', async () => {
    const { importRoles, revokeRoles } = await import('../../src/domain/access/role-admin.js');
    const { tableOf } = await import('../../src/formats/tabular.js');
    const db = freshDbPath();
    await cli(['users', 'add', 'bob', '--name', 'Bob'], { db, as: 'admin' });
    await cli(['roles', 'grant', 'bob', '--role', 'user-administrator'], { db, as: 'admin' });
    expect((await cli(['roles', 'extended', 'grant', 'bob'], { db, as: 'admin' })).code).toBe(0);
    const conn = openDb(db);
    const { findUser } = await import('../../src/domain/people/users.js');
    const admin = findUser(conn, 'admin')!;
    const file = tableOf('roles.csv', [['username', 'role', 'action'], ['bob', 'user-administrator', 'revoke']]);
    // Alone, the file is fine: admin stays a user administrator with extended access.
    expect(importRoles(conn, admin, file, { dryRun: true }, new Date()).errors).toEqual([]);
    let err: unknown;
    try {
      importRoles(conn, admin, file, { dryRun: false, beforeWrite: () => revokeRoles(conn, admin, ['admin'], ['user-administrator'], new Date()) }, new Date());
    } catch (e) {
      err = e;
    }
    expect(String((err as Error)?.message)).toContain('no role was changed');
    expect((err as { issues: { message: string }[] }).issues[0]!.message).toContain('the file would leave no active user administrator');
    const roles = conn.prepare("SELECT role FROM user_roles JOIN users ON users.id = user_id WHERE username = 'bob'").all();
    conn.close();
    expect(roles).toContainEqual({ role: 'user-administrator' });
  });
});
