import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, spawnCli, tmpDir, emptyDb } from '../helpers.js';

/** An appeal on a group test is the appellant's alone; one step from the original needs no further assessment. */
describe('an appeal on a group test', () => {
  it('changes only the appellant, and C → B is confirmed without a further assessment', async () => {
    const dir = tmpDir();
    const db = emptyDb(dir, 'g.db');
    let clock = '2026-06-01T10:00:00Z';
    const ex = async (as: string, args: string[], code = 0) => {
      const r = await spawnCli(args, { env: { EXAMCTL_DB: db, EXAMCTL_USER: as, EXAMCTL_NOW: clock } });
      expect(r.code, `${args.join(' ')} (as ${as})\n${r.stderr}`).toBe(code);
      return r;
    };
    await ex('admin', ['init', '--admin', 'admin', '--name', 'Ada Admin']);
    for (const [u, k] of [['ingrid', 'employee'], ['erik', 'external'], ['per', 'employee'], ['s1', 'student'], ['s2', 'student']]) {
      await ex('admin', ['users', 'add', u!, '--name', `N ${u}`, '--kind', k!]);
    }
    await ex('admin', ['roles', 'grant', 'ingrid', 'erik', 'per', '--role', 'grader']);
    await ex('admin', ['tests', 'create', 'G1', '--course', 'TDT4102', '--year', '2026', '--term', 'spring', '--title', 'Project', '--kind', 'assignment', '--groups', 'predefined', '--marking', 'shared']);
    await ex('admin', ['candidates', 'add', 'G1', '101', '--student', 's1']);
    await ex('admin', ['candidates', 'add', 'G1', '102', '--student', 's2']);
    const groups = path.join(dir, 'groups.csv');
    fs.writeFileSync(groups, 'group,candidate number\nG-A,101\nG-A,102\n');
    await ex('admin', ['groups', 'import', 'G1', groups]);
    await ex('admin', ['committees', 'create', 'G1', 'K1']);
    await ex('admin', ['committees', 'add-grader', 'G1', 'K1', 'ingrid']);
    await ex('admin', ['committees', 'assign', 'G1', 'K1', '101', '102']);
    await ex('ingrid', ['grades', 'set', 'G1', 'G-A', 'C', '--group']);
    await ex('ingrid', ['grades', 'confirm', 'G1']);
    await ex('admin', ['grades', 'transfer', 'G1', '--output', path.join(dir, 't.csv')]);
    clock = '2026-06-10T10:00:00Z';
    await ex('s1', ['appeals', 'file', 'G1', '101']);
    await ex('admin', ['committees', 'create', 'G1', 'A1', '--appeal']);
    await ex('admin', ['committees', 'add-grader', 'G1', 'A1', 'erik', 'per']);
    await ex('admin', ['committees', 'assign', 'G1', 'A1', '101']);
    await ex('erik', ['grades', 'set', 'G1', '101', 'B']);
    await ex('erik', ['grades', 'confirm', 'G1']);
    const d = openDb(db);
    expect(d.prepare('SELECT c.number, g.grade, g.confirmed FROM grades g JOIN candidates c ON c.id = g.candidate_id ORDER BY c.number').all()).toEqual([
      { number: '101', grade: 'B', confirmed: 1 },
      { number: '102', grade: 'C', confirmed: 1 },
    ]);
    d.close();
    const t = JSON.parse((await ex('admin', ['--json', 'grades', 'transfer', 'G1', '--format', 'json'])).stdout);
    expect(t.rows).toEqual([expect.objectContaining({ candidate: '101', grade: 'B', correction: true })]);
  });
});
