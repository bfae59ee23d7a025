import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, spawnCli, writeTemp, dbAs } from '../helpers.js';
import { gradesOf, seed, sql } from '../grades/setup.js';

const ROWS = 20_000;
const numbers = Array.from({ length: ROWS }, (_, i) => String(10_000 + i));
const csv = (letter: string) => writeTemp(`big-${letter}.csv`, ['Candidate number;Grade', ...numbers.map((n) => `${n};${letter}`)].join('\r\n'));

/** Spawns an import that holds its transaction open; resolves once it says it is paused. */
function pausedImport(db: string, test: string, file: string, pauseMs: number) {
  const child = spawn(process.execPath, [BIN, '--db', dbAs(db, 'admin'), '--as', 'admin', 'grades', 'import', test, file], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', EXAMCTL_TEST_PAUSE_IN_TX: String(pauseMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  // A full pipe would block the child before it exits.
  child.stdout.resume();
  const paused = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (c) => {
      stderr += c;
      if (stderr.includes('paused in transaction')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before pausing: ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, paused, exited };
}

describe('grades import, spawned', () => {
  it('killed with SIGKILL mid-transaction leaves a clean database with none of its grades', async () => {
    const db = seed({ candidates: numbers });
    const run = pausedImport(db, 'T1', csv('B'), 30_000);
    await run.paused;
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    const check = await spawnCli(['--db', db, '--as', 'admin', 'db', 'check']);
    expect(check.code, check.stderr + check.stdout).toBe(0);
    expect(Object.keys(gradesOf(db))).toHaveLength(0);
    expect(sql(db, 'SELECT count(*) AS n FROM batches')).toEqual([{ n: 0 }]);
    // The same file then imports whole.
    const again = await spawnCli(['--db', db, '--as', 'admin', '--json', 'grades', 'import', 'T1', csv('B')]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).counts.new).toBe(ROWS);
    expect(Object.keys(gradesOf(db))).toHaveLength(ROWS);
  });

  it('two imports into two tests started at once both land (the second waits for the first)', async () => {
    const db = seed({ code: 'T1', candidates: numbers }, { code: 'T2', candidates: numbers });
    const first = pausedImport(db, 'T1', csv('A'), 1500);
    await first.paused;
    const second = spawnCli(['--db', db, '--as', 'admin', '--json', 'grades', 'import', 'T2', csv('C')]);
    const [a, b] = await Promise.all([first.exited, second]);
    expect(a.code).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(Object.values(gradesOf(db, 'T1')).every((g) => g.grade === 'A')).toBe(true);
    expect(Object.values(gradesOf(db, 'T2')).every((g) => g.grade === 'C')).toBe(true);
    expect(Object.keys(gradesOf(db, 'T2'))).toHaveLength(ROWS);
    expect(sql(db, 'SELECT count(*) AS n FROM batches')).toEqual([{ n: 2 }]);
  });

  it('exits 2 with the --json document on stdout for a refused file, and writes nothing', async () => {
    const db = seed({ candidates: ['101'] });
    const f = writeTemp('bad.csv', 'candidate number,grade\n101,a\n');
    const r = await spawnCli(['--db', db, '--as', 'admin', '--json', 'grades', 'import', 'T1', f]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ batch: null, errors: [{ row: 2, column: 'B (grade)', value: 'a' }] });
    expect(path.isAbsolute(f)).toBe(true);
    expect(gradesOf(db)).toEqual({});
  });
});
