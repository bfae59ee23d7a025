import { beforeEach, describe, expect, it } from 'vitest';
import { cli, freshDbPath, writeTemp } from '../helpers.js';
import { seedUsers } from '../domain/exams-support.js';

let db: string;
const as = (user: string) => ({ db, as: user });

beforeEach(async () => {
  db = freshDbPath();
  seedUsers(db, [
    ['per', { roles: ['planner'] }],
    ['gina', { roles: ['grader'] }],
    ['auth', { roles: ['author'] }],
    ['ola', { kind: 'student' }],
  ]);
  await cli(['tests', 'create', 'T1', '--course', 'C', '--year', '2026', '--term', 'autumn', '--title', 'T'], as('per'));
  await cli(['candidates', 'add', 'T1', '101', '102', '103', '104'], as('per'));
  await cli(['committees', 'create', 'T1', 'K1'], as('per'));
  await cli(['committees', 'create', 'T1', 'K2'], as('per'));
});

describe('committees', () => {
  it('assigns from arguments and from a file; a second committee is 5 naming the first', async () => {
    expect((await cli(['committees', 'assign', 'T1', 'K1', '101', '102'], as('per'))).code).toBe(0);
    const file = writeTemp('k2.csv', 'Kandidatnummer\n103\n104\n');
    const r = await cli(['--json', 'committees', 'assign', 'T1', 'K2', '--file', file], as('per'));
    expect(JSON.parse(r.stdout)).toEqual({ test: 'T1', committee: 'K2', assigned: ['103', '104'], already: [] });
    const again = await cli(['committees', 'assign', 'T1', 'K2', '101'], as('per'));
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('candidate 101 is in committee K1');
    const bare = writeTemp('bare.csv', '101\n102\n');
    expect((await cli(['committees', 'assign', 'T1', 'K1', '--file', bare], as('per'))).code).toBe(0);
    expect((await cli(['committees', 'assign', 'T1', 'K1', '999'], as('per'))).code).toBe(4);
    expect((await cli(['committees', 'assign', 'T1', 'K9', '101'], as('per'))).code).toBe(4);
    expect((await cli(['committees', 'assign', 'T1', 'K1'], as('per'))).code).toBe(2);
  });

  it('add-grader: a student is 3 ("a student account"), an author without grader is 3 naming the role', async () => {
    const s = await cli(['committees', 'add-grader', 'T1', 'K1', 'ola'], as('per'));
    expect(s.code).toBe(3);
    expect(s.stderr).toContain('a student account');
    const a = await cli(['committees', 'add-grader', 'T1', 'K1', 'auth'], as('per'));
    expect(a.code).toBe(3);
    expect(a.stderr).toContain('grader role');
    expect((await cli(['committees', 'add-grader', 'T1', 'K1', 'gina'], as('per'))).code).toBe(0);
    await cli(['committees', 'assign', 'T1', 'K1', '101'], as('per'));
    const list = JSON.parse((await cli(['--json', 'committees', 'list', 'T1'], as('gina'))).stdout);
    expect(list).toEqual([
      { committee: 'K1', graders: ['gina'], candidates: 1 },
      { committee: 'K2', graders: [], candidates: 0 },
    ]);
    const contributors = JSON.parse((await cli(['--json', 'tests', 'contributors', 'list', 'T1'], as('per'))).stdout);
    expect(contributors).toContainEqual(expect.objectContaining({ username: 'gina', role: 'grader' }));
    expect((await cli(['committees', 'create', 'T1', 'K1'], as('per'))).code).toBe(5);
  });
});

describe('users explain --test (built by the users area) over committees and contributors', () => {
  it('names "not a contributor" and then "in no committee" for a grader, and neither once in a committee', async () => {
    const before = await cli(['users', 'explain', 'gina', '--test', 'T1'], as('admin'));
    expect(before.stdout + before.stderr).toContain('not a contributor on test T1');
    await cli(['tests', 'contributors', 'add', 'T1', 'gina', '--role', 'grader'], as('per'));
    const mid = await cli(['users', 'explain', 'gina', '--test', 'T1'], as('admin'));
    expect(mid.stdout + mid.stderr).toContain('in no committee');
    await cli(['committees', 'add-grader', 'T1', 'K1', 'gina'], as('per'));
    const after = await cli(['users', 'explain', 'gina', '--test', 'T1'], as('admin'));
    expect(after.stdout + after.stderr).not.toContain('in no committee');
  });
});
