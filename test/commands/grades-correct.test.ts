import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, spawnCli, tmpDir, emptyDb } from '../helpers.js';

/** A planner's correction of a published grade: logged with its reason, sent in the next transfer. */
describe('grades correct', () => {
  it('corrects only a published grade, needs a reason, stays confirmed and goes out as a correction', async () => {
    const db = emptyDb(tmpDir(), 'c.db');
    const env = { EXAMCTL_DB: db, EXAMCTL_USER: 'admin' };
    const ex = async (args: string[], code = 0) => {
      const r = await spawnCli(args, { env });
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(code);
      return r;
    };
    await ex(['init', '--admin', 'admin', '--name', 'Ada Admin']);
    await ex(['users', 'add', 's1', '--name', 'Student One', '--kind', 'student']);
    await ex(['tests', 'create', 'T1', '--course', 'TDT4100', '--year', '2026', '--term', 'spring', '--title', 'T', '--marking', 'shared']);
    await ex(['candidates', 'add', 'T1', '101', '--student', 's1']);
    await ex(['grades', 'set', 'T1', '101', 'C']);
    // Not published: a correction is not the way; nothing changes.
    expect((await ex(['grades', 'correct', 'T1', '101', 'B', '--reason', 'typo'], 5)).stderr).toContain('not published');
    await ex(['grades', 'confirm', 'T1']);
    await ex(['grades', 'transfer', 'T1', '--output', path.join(tmpDir(), 't.csv')]);
    await ex(['grades', 'correct', 'T1', '101', 'B'], 2);
    expect((await ex(['grades', 'correct', 'T1', '101', 'X', '--reason', 'typo'], 2)).stderr).toContain('"X"');
    const r = JSON.parse((await ex(['--json', 'grades', 'correct', 'T1', '101', 'B', '--reason', 'sum mistyped'])).stdout);
    expect(r).toEqual({ test: 'T1', candidate: '101', old: { grade: 'C', points: null }, new: { grade: 'B', points: null }, reason: 'sum mistyped' });
    const d = openDb(db);
    expect(d.prepare('SELECT grade, confirmed FROM grades').get()).toEqual({ grade: 'B', confirmed: 1 });
    expect(d.prepare("SELECT old, new FROM events WHERE kind = 'grades.correct'").get()).toEqual({
      old: JSON.stringify({ grade: 'C', points: null }),
      new: JSON.stringify({ grade: 'B', points: null, reason: 'sum mistyped' }),
    });
    d.close();
    const t = JSON.parse((await ex(['--json', 'grades', 'transfer', 'T1', '--format', 'json'])).stdout);
    expect(t.rows).toEqual([expect.objectContaining({ candidate: '101', grade: 'B', correction: true })]);
  });
});
