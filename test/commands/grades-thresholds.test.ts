import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';
import { confirm, gradesOf, seed, sql } from '../grades/setup.js';
import { letterFromPoints, DEFAULT_THRESHOLDS, parsePoints } from '../../src/domain/grading/scales.js';

describe('scales', () => {
  it('compares points without rounding', () => {
    expect(letterFromPoints(88.5, DEFAULT_THRESHOLDS)).toBe('B');
    expect(letterFromPoints(88.999, DEFAULT_THRESHOLDS)).toBe('B');
    expect(letterFromPoints(89, DEFAULT_THRESHOLDS)).toBe('A');
    expect(letterFromPoints(40.9, DEFAULT_THRESHOLDS)).toBe('F');
    expect(letterFromPoints(41, DEFAULT_THRESHOLDS)).toBe('E');
  });
  it.each([['88,5', 88.5], ['88.5', 88.5], [' 77 ', 77], [0, 0], [100, 100]])('reads points %j', (raw, v) => {
    expect(parsePoints(raw as string)).toEqual({ ok: true, value: v });
  });
  it.each([['1 000'], ['1.000,5'], ['88p'], ['-1'], ['100.5'], ['1e2'], ['']])('refuses points %j', (raw) => {
    expect(parsePoints(raw).ok).toBe(false);
  });
});

describe('tests thresholds', () => {
  const pointsDb = () =>
    seed({
      scale: 'points',
      marking: 'private',
      committees: { K1: ['g1'] },
      candidates: [{ number: '101', committee: 'K1' }, '102', '103', '104'],
      planners: ['p1'],
    });

  it('shows the defaults', async () => {
    const db = pointsDb();
    const r = await cli(['--json', 'tests', 'thresholds', 'T1'], { db, as: 'admin' });
    expect(JSON.parse(r.stdout)).toEqual({ test: 'T1', scale: 'points', thresholds: { A: 89, B: 77, C: 65, D: 53, E: 41 } });
  });

  it('setting recomputes derived unconfirmed letters (grades and private marks), logs each, keeps and lists confirmed ones', async () => {
    const db = pointsDb();
    for (const [n, p] of [['101', '85'], ['102', '85'], ['103', '60']]) await cli(['grades', 'set', 'T1', n!, p!, '--final'], { db, as: 'admin' });
    await cli(['grades', 'set', 'T1', '101', '86'], { db, as: 'g1' });
    confirm(db, '102');
    const r = await cli(['--json', 'tests', 'thresholds', 'T1', '--set', 'A=85,B=75'], { db, as: 'admin' });
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.thresholds).toEqual({ A: 85, B: 75, C: 65, D: 53, E: 41 });
    expect(d.regraded).toEqual([
      { candidate: '101', grader: null, points: 85, old: 'B', new: 'A' },
      { candidate: '101', grader: 'g1', points: 86, old: 'B', new: 'A' },
    ]);
    expect(d.keptConfirmed).toEqual([{ candidate: '102', grader: null, points: 85, old: 'B', new: 'A' }]);
    const g = gradesOf(db);
    expect(g['101']!.grade).toBe('A');
    expect(g['102']!.grade).toBe('B');
    expect(g['103']!.grade).toBe('D');
    expect(sql(db, "SELECT kind, subject FROM events WHERE kind LIKE 'tests.thresholds%' ORDER BY id")).toEqual([
      { kind: 'tests.thresholds', subject: 'T1' },
      { kind: 'tests.thresholds.regrade', subject: '101' },
      { kind: 'tests.thresholds.regrade', subject: '101' },
    ]);
  });

  it('refuses thresholds that are not strictly descending within 0..100 (2), non-planners (3), letter tests (2)', async () => {
    const db = pointsDb();
    for (const bad of ['A=70', 'A=89,B=89', 'E=-1', 'A=101', 'X=5', 'A=8,5']) {
      const r = await cli(['tests', 'thresholds', 'T1', '--set', bad], { db, as: 'admin' });
        expect(r.code, bad).toBe(2);
    }
    expect((await cli(['tests', 'thresholds', 'T1', '--set', 'A=90'], { db, as: 'g1' })).code).toBe(3);
    expect((await cli(['tests', 'thresholds', 'T1', '--set', 'A=90'], { db, as: 'p1' })).code).toBe(0);
    const letter = seed({ code: 'L1' });
    expect((await cli(['tests', 'thresholds', 'L1', '--set', 'A=90'], { db: letter, as: 'admin' })).code).toBe(2);
  });
});
