import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, FIXTURES, freshDbPath, openDb, databaseHolds } from '../helpers.js';
import { count, seedUsers } from '../domain/exams-support.js';

let db: string;
const as = (user: string) => ({ db, as: user });
const make = (code: string, mode: string) => ['tests', 'create', code, '--course', 'C', '--year', '2026', '--term', 'autumn', '--title', code, '--groups', mode];

beforeEach(async () => {
  db = freshDbPath();
  seedUsers(db, [
    ['per', { roles: ['planner'] }],
    ['ola', { kind: 'student' }],
    ['kari', { kind: 'student' }],
  ]);
  for (const [code, mode] of [['PW', 'password'], ['OPEN', 'open'], ['PRE', 'predefined']]) {
    await cli(make(code!, mode!), as('per'));
    await cli(['candidates', 'add', code!, '101', '--student', 'ola'], as('per'));
    await cli(['candidates', 'add', code!, '102', '--student', 'kari'], as('per'));
    await cli(['candidates', 'add', code!, '103'], as('per'));
  }
});

describe('groups', () => {
  it('a password group prints its password alone on stdout, once; joining needs PIN and password', async () => {
    const r = await cli(['groups', 'create', 'PW', '--pin', '2468'], as('ola'));
    expect(r.code).toBe(0);
    const pw = r.stdout.trimEnd();
    expect(r.stdout).toBe(pw + '\n');
    expect(pw).toHaveLength(16);
    expect(r.stderr).toContain('shown only now');
    // One character off (never the password itself, whatever its first character is).
    const wrong = await cli(['groups', 'join', 'PW', '2468', '102', '--password', (pw[0] === 'x' ? 'y' : 'x') + pw.slice(1)], as('kari'));
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('wrong password');
    expect((await cli(['groups', 'join', 'PW', '24a8', '102', '--password', pw], as('kari'))).code).toBe(2);
    expect((await cli(['groups', 'join', 'PW', '2468', '102', '--password', pw], as('kari'))).code).toBe(0);
    const list = JSON.parse((await cli(['--json', 'groups', 'list', 'PW'], as('per'))).stdout);
    expect(list).toEqual([{ group: '2468', pin: '2468', members: ['101', '102'] }]);
    expect(JSON.stringify(list)).not.toContain(pw);
    expect(databaseHolds(db, pw)).toBe(false);
  });

  it('--json prints {group, pin, password}', async () => {
    const r = await cli(['--json', 'groups', 'create', 'PW', '--pin', '1357'], as('ola'));
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['group', 'pin', 'password', 'candidate']);
    expect(doc).toMatchObject({ group: '1357', pin: '1357', candidate: '101' });
    expect(doc.password).toHaveLength(16);
  });

  it('open groups: create, join, move, leave and check (--strict exits 5)', async () => {
    expect((await cli(['groups', 'create', 'OPEN', '--pin', '1111'], as('ola'))).stdout).toBe('1111\n');
    await cli(['groups', 'create', 'OPEN', '--pin', '2222'], as('kari'));
    const moved = await cli(['--json', 'groups', 'join', 'OPEN', '2222', '101'], as('ola'));
    expect(JSON.parse(moved.stdout)).toEqual({ group: '2222', candidate: '101', from: '1111', changed: true });
    expect((await cli(['groups', 'join', 'OPEN', '2222', '103'], as('ola'))).code).toBe(3);
    expect((await cli(['groups', 'leave', 'OPEN'], as('kari'))).code).toBe(0);
    const check = await cli(['--json', 'groups', 'check', 'OPEN'], as('per'));
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).findings).toEqual([
      { kind: 'candidate-without-group', message: expect.stringContaining('2 candidates are in no group'), items: ['102', '103'] },
      { kind: 'empty-group', message: '1 group has no members', items: ['1111'] },
    ]);
    expect((await cli(['groups', 'check', 'OPEN', '--strict'], as('per'))).code).toBe(5);
  });

  it('groups import builds predefined groups from a file; bad rows are 2 and change nothing', async () => {
    const r = await cli(['--json', 'groups', 'import', 'PRE', path.join(FIXTURES, 'groups', 'groups.xlsx')], as('per'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ groupsCreated: ['Gruppe 1', 'Alene'], assigned: 3 });
    expect((await cli(['--json', 'groups', 'check', 'PRE', '--strict'], as('per'))).code).toBe(0);
    await cli(make('PRE2', 'predefined'), as('per'));
    const bad = await cli(['groups', 'import', 'PRE2', path.join(FIXTURES, 'groups', 'groups.csv')], as('per'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('row 2, column B (Kandidatnummer): found "101": no candidate with this number on PRE2');
    const d = openDb(db);
    expect(count(d, `SELECT count(*) AS n FROM groups g JOIN exams e ON e.id = g.exam_id WHERE e.code = 'PRE2'`)).toBe(0);
    d.close();
    expect((await cli(['groups', 'import', 'OPEN', path.join(FIXTURES, 'groups', 'groups.csv')], as('per'))).code).toBe(5);
  });
});
