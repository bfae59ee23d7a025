import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, freshDbPath, openDb, spawnCli, tmpDir, ON_PG } from '../helpers.js';

/** Spawns bin/examctl.js: build first (npx tsc -p . or npm test). */
describe('examctl demo (spawned)', () => {
  it('builds a demo database with exit 0 in a few seconds, and db check finds it clean', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'demo.db');
    const r = await spawnCli(['demo'], { env: { EXAMCTL_DB: file } });
    expect(r.stderr).toContain('Step 17. rita reads the report');
    // The epilogue: an appeal graded blind, decided, and sent to the registry as a correction.
    expect(r.stderr).toContain('Transfer 2 of TDT4100-2026V: 1 grade(s) sent');
    expect(r.stderr).toMatch(/103 +transferred .* KLAGE +C +B/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`export EXAMCTL_DB=${file}`);
    expect(r.stdout).toContain('examctl db check');
    expect(r.stderr).toMatch(/A {2}#+ +1 +14\.3%/);

    const check = await spawnCli(['db', 'check'], { env: { EXAMCTL_DB: file, EXAMCTL_USER: 'admin' } });
    expect(check.code).toBe(0);

    const db = openDb(file);
    const confirmed = db.prepare('SELECT count(*) AS n FROM grades WHERE confirmed = 1').get() as { n: number };
    expect(confirmed.n).toBe(7);
    const kinds = (db.prepare('SELECT DISTINCT kind FROM events').pluck().all() as string[]).sort();
    expect(kinds).toEqual(expect.arrayContaining(['demo', 'grades.import', 'grades.share', 'grades.confirm', 'users.import']));
    db.close();
    expect(fs.readFileSync(path.join(dir, 'demo-export.csv'), 'utf8')).toContain('104');

    // Its own demo database is rebuilt from scratch.
    const again = await spawnCli(['demo'], { env: { EXAMCTL_DB: file } });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Starting over');
  });

  it('refuses (5) a database with data it did not build, and leaves it alone', async () => {
    const file = freshDbPath();
    const r = await spawnCli(['--db', file, 'demo']);
    // On a server database the demo refuses before it looks: it only ever builds a file of its own.
    expect(r.code).toBe(ON_PG ? 2 : 5);
    expect(r.stderr).toContain(ON_PG ? 'never a shared server database' : 'holds data the demo did not build');
    const db = openDb(file);
    expect(db.prepare(`SELECT count(*) AS n FROM events WHERE kind = 'demo'`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('without --db or EXAMCTL_DB writes demo.db beside the default database, never the default itself', async () => {
    const home = tmpDir();
    const r = await spawnCli(['demo'], { env: { HOME: home, XDG_DATA_HOME: path.join(home, 'data') } });
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(home, 'data', 'examctl', 'demo.db'))).toBe(true);
    expect(fs.existsSync(path.join(home, 'data', 'examctl', 'examctl.db'))).toBe(false);
  });

  it('shows every step\'s output, and each command it suggests works as printed off a terminal (a folder with a space)', async () => {
    const home = path.join(tmpDir(), 'Ola Nordmann');
    const env = { HOME: home, XDG_DATA_HOME: path.join(home, 'Application Support') };
    const r = await spawnCli(['demo'], { env });
    expect(r.code).toBe(0);
    // erik's import prints its summary and changes like ingrid's.
    const step10 = r.stderr.slice(r.stderr.indexOf('Step 10.'), r.stderr.indexOf('Step 11.'));
    expect(step10).toContain('7 new, 0 changed');
    expect(step10).toContain('107: none → B');
    // roles import's data lines (stdout) are shown too.
    expect(r.stderr).toContain('erik: +grader → grader');

    const lines = r.stdout.trim().split('\n').map((l) => l.trim());
    expect(lines.length).toBeGreaterThan(3);
    // Run the lines as printed, in one POSIX shell, with `examctl` being the built binary.
    const script = [`examctl() { "${process.execPath}" "${BIN}" "$@"; }`, ...lines.map((l) => `${l} || exit 90`)].join('\n');
    const sh = spawnSync('/bin/sh', ['-c', script], {
      env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', EXAMCTL_USER: 'admin' },
      input: '',
      encoding: 'utf8',
    });
    expect(sh.stderr).not.toMatch(/examctl: /);
    expect(sh.status).toBe(0);
    // The demo's external grader has an activated Feide account: explain says he reaches Grade.
    expect(sh.stdout).toMatch(/Grade +yes/);
    // The appeal grader sees her appellant, blind: no original grade, no reason.
    const blind = JSON.parse(sh.stdout.slice(sh.stdout.indexOf('[\n  {\n    "candidate": "103"'), sh.stdout.indexOf(']', sh.stdout.indexOf('"candidate": "103"')) + 1));
    expect(blind).toEqual([expect.objectContaining({ candidate: '103', state: 'transferred', original: null, reason: null, grade: 'B' })]);
  });
});
