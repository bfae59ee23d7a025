import { describe, expect, it, beforeAll } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import { spawnCli, tmpDir, writeTemp } from '../helpers.js';

/** The capacity scenario, through the built binary: a real process, exit codes, stdout and the file. */
describe('capacity, end to end', () => {
  let db: string;
  const env = () => ({ EXAMCTL_DB: db, EXAMCTL_USER: 'office', TZ: 'Europe/Oslo' });
  const run = (...args: string[]) => spawnCli(args, { env: env() });

  // Runs bin/examctl.js, so it needs a build first (`npm test` builds).
  beforeAll(() => {
    db = path.join(tmpDir(), 'e2e.db');
  });

  it('600 + 1,000 candidates overlapping at a 1,450-seat location are reported with 1,600 seats; a small test at 250 seats is not', async () => {
    expect((await run('init', '--admin', 'office', '--name', 'Exam Office')).code).toBe(0);
    expect((await run('locations', 'add', 'Eksamenshuset', '--capacity', '1450')).code).toBe(0);
    expect((await run('locations', 'add', 'Sukkerhuset', '--capacity', '250')).code).toBe(0);
    const tests: [string, string, string, number][] = [
      ['BIG600', '2026-12-01T09:00', 'Eksamenshuset', 600],
      ['BIG1000', '2026-12-01T11:00', 'Eksamenshuset', 1000],
      ['SMALL', '2026-12-01T10:00', 'Sukkerhuset', 200],
    ];
    for (const [code, start, location, n] of tests) {
      const c = await run('tests', 'create', code, '--course', 'TDT4100', '--year', '2026', '--term', 'autumn', '--title', code,
        '--start', start, '--duration', '240', '--location', location);
      expect(c.code, c.stderr).toBe(0);
      const csv = 'kandidatnummer\n' + Array.from({ length: n }, (_, i) => String(10_000 + i)).join('\n') + '\n';
      const imp = await run('candidates', 'import', code, writeTemp(`${code}.csv`, csv));
      expect(imp.code, imp.stderr).toBe(0);
    }
    const r = await run('--json', 'capacity', '--from', '2026-12-01');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.windows).toHaveLength(1);
    expect(doc.windows[0]).toMatchObject({
      location: 'Eksamenshuset',
      capacity: 1450,
      seats: 1600,
      from: '2026-12-01T11:00:00+01:00',
      to: '2026-12-01T13:00:00+01:00',
    });
    expect(doc.windows[0].tests.map((t: { test: string }) => t.test)).toEqual(['BIG1000', 'BIG600']);
    const people = await run('capacity', '--from', '2026-12-01');
    expect(people.stdout).toMatch(/Eksamenshuset\s+2026-12-01 11:00 - 13:00\s+BIG1000 \(1000\), BIG600 \(600\)\s+1600\s+1450/);
    expect(people.stdout).not.toContain('Sukkerhuset');

    const file = new Database(db, { readonly: true });
    expect(file.prepare('SELECT count(*) AS n FROM candidates').get()).toEqual({ n: 1800 });
    file.close();
  });

  it('bad input through the binary: exit code, message on stderr, nothing on stdout, nothing changed', async () => {
    const dup = await run('tests', 'create', 'BIG600', '--course', 'X', '--year', '2026', '--term', 'spring', '--title', 'x');
    expect(dup.code).toBe(5);
    expect(dup.stdout).toBe('');
    expect(dup.stderr).toContain('already exists');
    const unknown = await run('candidates', 'add', 'NOPE', '1');
    expect(unknown.code).toBe(4);
    const file = new Database(db, { readonly: true });
    expect(file.prepare(`SELECT title FROM exams WHERE code = 'BIG600'`).get()).toEqual({ title: 'BIG600' });
    file.close();
  });
});
