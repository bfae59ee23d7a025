import { beforeEach, describe, expect, it } from 'vitest';
import { cli, freshDbPath } from '../helpers.js';
import { seedUsers } from '../domain/exams-support.js';

process.env.TZ = 'Europe/Oslo';
let db: string;
const as = (user: string) => ({ db, as: user });

beforeEach(() => {
  db = freshDbPath();
  seedUsers(db, [
    ['per', { roles: ['planner'] }],
    ['ua', { roles: ['user-administrator'] }],
    ['gina', { roles: ['grader'] }],
  ]);
});

async function exam(code: string, start: string, minutes: number, candidates: number, location = 'Sukkerhuset') {
  await cli(['tests', 'create', code, '--course', 'C', '--year', '2026', '--term', 'autumn', '--title', code, '--start', start, '--duration', String(minutes), '--location', location], as('per'));
  const numbers = Array.from({ length: candidates }, (_, i) => String(i + 1));
  await cli(['candidates', 'add', code, ...numbers], as('per'));
}

describe('locations', () => {
  it('a planner adds; a duplicate is 5, a bad capacity 2; a user administrator without planner is 3; list --json', async () => {
    expect((await cli(['locations', 'add', 'Sukkerhuset', '--capacity', '250'], as('per'))).code).toBe(0);
    expect((await cli(['locations', 'add', 'sukkerhuset', '--capacity', '300'], as('per'))).code).toBe(5);
    expect((await cli(['locations', 'add', 'Hall', '--capacity', '0'], as('per'))).code).toBe(2);
    expect((await cli(['locations', 'add', 'Hall', '--capacity', '12.5'], as('per'))).code).toBe(2);
    expect((await cli(['locations', 'add', 'Hall', '--capacity', '10'], as('ua'))).code).toBe(3);
    expect(JSON.parse((await cli(['--json', 'locations', 'list'], as('gina'))).stdout)).toEqual([{ location: 'Sukkerhuset', capacity: 250 }]);
  });
});

describe('capacity', () => {
  it('names the location, the window in local time, the tests, seats needed and capacity', async () => {
    await cli(['locations', 'add', 'Sukkerhuset', '--capacity', '5'], as('per'));
    await exam('A', '2026-12-01T09:00', 180, 3);
    await exam('B', '2026-12-01T11:00', 120, 3);
    await exam('C', '2026-12-01T12:00', 60, 3);
    // --from pins the window so the test does not depend on today's date.
    const r = await cli(['capacity', '--from', '2026-11-01'], as('per'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Sukkerhuset\s+2026-12-01 11:00 - 12:00\s+A \(3\), B \(3\)\s+6\s+5/);
    expect(r.stdout).toMatch(/Sukkerhuset\s+2026-12-01 12:00 - 13:00\s+B \(3\), C \(3\)\s+6\s+5/);
    const j = JSON.parse((await cli(['--json', 'capacity', '--from', '2026-12-01', '--to', '2026-12-01'], as('per'))).stdout);
    expect(j.windows[0]).toEqual({
      location: 'Sukkerhuset',
      capacity: 5,
      from: '2026-12-01T11:00:00+01:00',
      to: '2026-12-01T12:00:00+01:00',
      seats: 6,
      over: 1,
      tests: [
        { test: 'A', seats: 3, start: '2026-12-01T09:00:00+01:00', end: '2026-12-01T12:00:00+01:00' },
        { test: 'B', seats: 3, start: '2026-12-01T11:00:00+01:00', end: '2026-12-01T13:00:00+01:00' },
      ],
    });
    expect(JSON.parse((await cli(['--json', 'capacity', '--from', '2026-12-02'], as('per'))).stdout).windows).toEqual([]);
    expect((await cli(['capacity', '--from', '2026-11-01', '--strict'], as('per'))).code).toBe(5);
    expect((await cli(['capacity', '--from', '1.12.2026'], as('per'))).code).toBe(2);
    expect((await cli(['capacity'], as('gina'))).code).toBe(3);
  });
});
