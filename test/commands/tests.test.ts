import { beforeEach, describe, expect, it } from 'vitest';
import { cli, freshDbPath, openDb } from '../helpers.js';
import { count, seedUsers } from '../domain/exams-support.js';
import { revokeRoles } from '../../src/domain/access/role-admin.js';
import { findUser, setUserActive } from '../../src/domain/people/users.js';

process.env.TZ = 'Europe/Oslo';
let db: string;
const as = (user: string) => ({ db, as: user });
const create = ['tests', 'create', 'T1', '--course', 'TDT4100', '--year', '2026', '--term', 'autumn', '--title', 'OOP'];

beforeEach(() => {
  db = freshDbPath();
  seedUsers(db, [
    ['per', { roles: ['planner'] }],
    ['kari', { roles: ['planner'] }],
    ['gina', { roles: ['grader'] }],
    ['ola', { kind: 'student' }],
  ]);
});

describe('tests create / show / list', () => {
  it('stores a local start with its offset and shows it in local time; --json prints the test', async () => {
    expect((await cli(['locations', 'add', 'Eksamenshuset', '--capacity', '1450'], as('admin'))).code).toBe(0);
    const r = await cli(['--json', ...create, '--start', '2026-12-01T09:00', '--duration', '240', '--location', 'Eksamenshuset'], as('per'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ code: 'T1', start: '2026-12-01T09:00:00+01:00', duration: 240, location: 'Eksamenshuset', kind: 'school' });
    const show = await cli(['tests', 'show', 'T1'], as('per'));
    expect(show.stdout).toContain('2026-12-01 09:00 (local time; stored 2026-12-01T09:00:00+01:00)');
    expect(show.stdout).toContain('per (planner)');
    const list = await cli(['exams', 'list'], as('per'));
    expect(list.stdout).toMatch(/T1\s+OOP\s+TDT4100\s+2026 autumn\s+school\s+2026-12-01 09:00\s+240\s+Eksamenshuset\s+0/);
    expect(JSON.parse((await cli(['--json', 'tests', 'list'], as('kari'))).stdout)).toEqual([]);
  });

  it('bad inputs: unknown test 4, duplicate code 5, bad date or negative duration 2, unknown location 4; nothing changes', async () => {
    expect((await cli(create, as('per'))).code).toBe(0);
    const cases: [string[], number, RegExp][] = [
      [['tests', 'show', 'NOPE'], 4, /no test with code "NOPE"/],
      [create, 5, /already exists/],
      [[...create.slice(0, 2), 'T2', ...create.slice(3), '--start', '2026-02-30T09:00'], 2, /--start "2026-02-30T09:00": expected an ISO 8601/],
      [[...create.slice(0, 2), 'T2', ...create.slice(3), '--duration', '-30'], 2, /--duration "-30": expected a positive whole number/],
      [[...create.slice(0, 2), 'T2', ...create.slice(3), '--location', 'Atlantis'], 4, /no location named "Atlantis"/],
      [['tests', 'update', 'NOPE', '--title', 'x'], 4, /no test/],
    ];
    for (const [args, code, msg] of cases) {
      const r = await cli(args, as('per'));
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(msg);
      expect(r.stdout).toBe('');
    }
    const d = openDb(db);
    expect(count(d, 'SELECT count(*) AS n FROM exams')).toBe(1);
    d.close();
  });

  it('a mid-term test that breaks rules is refused with each rule named', async () => {
    const r = await cli([...create, '--midterm', '--duration', '90'], as('per'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('breaks 4 mid-term rules');
    for (const rule of ['at least 120 minutes', 'count towards the final grade', 'compulsory attendance', 'Safe Exam Browser']) {
      expect(r.stderr).toContain(rule);
    }
    expect((await cli([...create, '--midterm', '--duration', '120', '--counts-toward-final', '--compulsory', '--analogue'], as('per'))).code).toBe(0);
  });

  it('update: --no-<option> clears; another planner not on the test gets 3; admin with extended access may', async () => {
    await cli([...create, '--variant', 'A', '--start', '2026-12-01T09:00'], as('per'));
    const r = await cli(['--json', 'tests', 'update', 'T1', '--no-variant', '--no-start', '--scale', 'points'], as('per'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ variant: null, start: null, scale: 'points', changed: { variant: { old: 'A', new: null } } });
    const k = await cli(['tests', 'update', 'T1', '--title', 'Mine'], as('kari'));
    expect(k.code).toBe(3);
    expect(k.stderr).toContain('not a contributor (planner) on test T1');
    expect((await cli(['tests', 'update', 'T1', '--title', 'Ext'], as('admin'))).code).toBe(0);
  });

  it('check lists findings with exit 0, and --strict exits 5; --json has the findings', async () => {
    await cli(create, as('per'));
    await cli(['candidates', 'add', 'T1', '101'], as('per'));
    const r = await cli(['tests', 'check', 'T1'], as('per'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('candidate-without-committee: 1 candidate is in no committee: 101');
    const j = await cli(['--json', 'tests', 'check', 'T1', '--strict'], as('per'));
    expect(j.code).toBe(5);
    const doc = JSON.parse(j.stdout);
    expect(doc).toMatchObject({ test: 'T1', ok: false });
    expect(doc.findings.map((f: { kind: string }) => f.kind)).toEqual(['candidate-without-committee', 'no-location', 'no-start', 'no-duration']);
  });
});

describe('tests contributors', () => {
  it('add, list and remove with --json; a role the user lacks is 3 with the reason', async () => {
    await cli(create, as('per'));
    const bad = await cli(['tests', 'contributors', 'add', 'T1', 'gina', '--role', 'reporter'], as('per'));
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('does not hold the reporter system role');
    const st = await cli(['tests', 'contributors', 'add', 'T1', 'ola', '--role', 'grader'], as('per'));
    expect(st.code).toBe(3);
    expect(st.stderr).toContain('a student can never be a contributor');
    expect((await cli(['tests', 'contributors', 'add', 'T1', 'gina', '--role', 'grader'], as('per'))).code).toBe(0);
    expect((await cli(['tests', 'contributors', 'add', 'T1', 'kari', '--role', 'planner'], as('per'))).code).toBe(0);
    const list = JSON.parse((await cli(['--json', 'tests', 'contributors', 'list', 'T1'], as('kari'))).stdout);
    expect(list).toEqual([
      { username: 'gina', name: 'gina Name', role: 'grader', active: true },
      { username: 'kari', name: 'kari Name', role: 'planner', active: true },
      { username: 'per', name: 'per Name', role: 'planner', active: true },
    ]);
    expect((await cli(['tests', 'contributors', 'remove', 'T1', 'gina', '--role', 'grader'], as('kari'))).code).toBe(0);
    expect((await cli(['tests', 'contributors', 'remove', 'T1', 'gina', '--role', 'grader'], as('kari'))).code).toBe(4);
    expect((await cli(['tests', 'contributors', 'add', 'T1', 'gina', '--role', 'boss'], as('kari'))).code).toBe(2);
  });

  it('list for people says why an invitation is not in force: deactivated, or the role missing', async () => {
    await cli(create, as('per'));
    await cli(['tests', 'contributors', 'add', 'T1', 'gina', '--role', 'grader'], as('per'));
    await cli(['tests', 'contributors', 'add', 'T1', 'kari', '--role', 'planner'], as('per'));
    const d = openDb(db);
    setUserActive(d, findUser(d, 'admin')!, 'gina', false, new Date());
    revokeRoles(d, findUser(d, 'admin')!, ['kari'], ['planner'], new Date());
    d.close();
    const r = await cli(['tests', 'contributors', 'list', 'T1'], as('per'));
    expect(r.stdout).toMatch(/gina .*grader +no \(deactivated\)/);
    expect(r.stdout).toMatch(/kari .*planner +no \(role missing\)/);
  });
});

describe('tests list', () => {
  const mk = (code: string, ...extra: string[]) => ['tests', 'create', code, '--course', 'TDT4100', '--year', '2026', '--term', 'autumn', '--title', `T ${code}`, ...extra];

  it('--json gives for each test what tests show gives: location, aggregate, parts, candidates', async () => {
    expect((await cli(['locations', 'add', 'Eksamenshuset', '--capacity', '1450'], as('admin'))).code).toBe(0);
    for (const args of [
      mk('AGG', '--registration'),
      mk('P2', '--part-of', 'AGG'),
      mk('P1', '--part-of', 'AGG', '--start', '2026-12-01T09:00', '--duration', '240', '--location', 'Eksamenshuset'),
      mk('SOLO'),
    ]) {
      expect((await cli(args, as('per'))).code, args.join(' ')).toBe(0);
    }
    expect((await cli(['candidates', 'add', 'P1', '101', '102', '103'], as('per'))).code).toBe(0);
    expect((await cli(['candidates', 'add', 'AGG', '101'], as('per'))).code).toBe(0);
    const list = JSON.parse((await cli(['--json', 'tests', 'list'], as('per'))).stdout);
    expect(list.map((v: { code: string }) => v.code)).toEqual(['AGG', 'P1', 'P2', 'SOLO']);
    for (const v of list) {
      const { contributors: _, ...shown } = JSON.parse((await cli(['--json', 'tests', 'show', v.code], as('per'))).stdout);
      expect(v).toEqual(shown);
    }
    expect(list[0]).toMatchObject({ parts: ['P1', 'P2'], partOf: null, candidates: 1 });
    expect(list[1]).toMatchObject({ parts: [], partOf: 'AGG', location: 'Eksamenshuset', candidates: 3 });
    expect(list[3]).toMatchObject({ parts: [], partOf: null, location: null, candidates: 0 });
  });

  it('lists the tests one acts on in a role it holds; a student its own tests as a candidate', async () => {
    for (const code of ['T1', 'T2', 'T3']) expect((await cli(mk(code), as('per'))).code).toBe(0);
    await cli(['tests', 'contributors', 'add', 'T1', 'gina', '--role', 'grader'], as('per'));
    await cli(['tests', 'contributors', 'add', 'T2', 'kari', '--role', 'planner'], as('per'));
    await cli(['candidates', 'add', 'T3', '101', '--student', 'ola'], as('per'));
    const codes = async (user: string) => JSON.parse((await cli(['--json', 'tests', 'list'], as(user))).stdout).map((v: { code: string }) => v.code);
    expect(await codes('per')).toEqual(['T1', 'T2', 'T3']);
    expect(await codes('gina')).toEqual(['T1']);
    expect(await codes('kari')).toEqual(['T2']);
    expect(await codes('ola')).toEqual(['T3']);
    expect(await codes('admin')).toEqual(['T1', 'T2', 'T3']);
    // An invitation without the system role behind it opens nothing.
    const d = openDb(db);
    d.prepare("DELETE FROM user_roles WHERE role = 'planner' AND user_id = (SELECT id FROM users WHERE username = 'kari')").run();
    d.close();
    expect(await codes('kari')).toEqual([]);
    const table = await cli(['tests', 'list'], as('ola'));
    expect(table.stdout).toMatch(/^ test +title +course +term +kind +start +min +location +candidates \n T3 +T T3 +TDT4100 +2026 autumn +school +1 +\n$/);
  });
});
