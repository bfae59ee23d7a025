import { describe, expect, it } from 'vitest';
import { scriptedPrompter } from '../../src/ui/prompter.js';
import { cli } from '../helpers.js';
import { confirm, gradesOf, seed, sql } from '../grades/setup.js';

describe('grades set', () => {
  it('sets a letter grade, logs it, and a second set overwrites it (rule 5)', async () => {
    const db = seed({ candidates: ['101', '102'] });
    expect((await cli(['grades', 'set', 'T1', '101', 'B'], { db, as: 'admin' })).code).toBe(0);
    const r = await cli(['--json', 'grades', 'set', 'T1', '101', 'A'], { db, as: 'admin' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ candidate: '101', old: { grade: 'B' }, new: { grade: 'A', points: null }, changed: true });
    expect(gradesOf(db)['101']).toMatchObject({ grade: 'A', source: 'direct', confirmed: 0 });
    const ev = sql<{ kind: string; subject: string; old: string; new: string }>(db, "SELECT * FROM events WHERE kind = 'grades.set' ORDER BY id");
    expect(ev).toHaveLength(2);
    expect(JSON.parse(ev[1]!.old)).toMatchObject({ grade: 'B' });
    expect(ev[1]!.subject).toBe('101');
  });

  it.each([['a'], ['Passed'], ['G'], [' B'], ['B '], ['AB']])('refuses %j on a letter test with exit 2 (rule 1)', async (v) => {
    const db = seed({ candidates: ['101'] });
    const r = await cli(['grades', 'set', 'T1', '101', v], { db, as: 'admin' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('A, B, C, D, E or F');
    expect(gradesOf(db)).toEqual({});
  });

  it('takes Pass/NotPass exactly on a pass/fail test', async () => {
    const db = seed({ scale: 'passfail', candidates: ['101', '102'] });
    expect((await cli(['grades', 'set', 'T1', '101', 'Pass'], { db, as: 'admin' })).code).toBe(0);
    expect((await cli(['grades', 'set', 'T1', '102', 'pass'], { db, as: 'admin' })).code).toBe(2);
    expect((await cli(['grades', 'set', 'T1', '102', 'Passed'], { db, as: 'admin' })).code).toBe(2);
    expect((await cli(['grades', 'set', 'T1', '102', 'NotPass', '--points', '12,5'], { db, as: 'admin' })).code).toBe(0);
    expect(gradesOf(db)['102']).toMatchObject({ grade: 'NotPass', points: 12.5, derived: 0 });
  });

  it('on a points test takes the points and derives the letter without rounding', async () => {
    const db = seed({ scale: 'points', candidates: ['101', '102', '103', '104'] });
    for (const [n, p] of [['101', '88,5'], ['102', '89'], ['103', '40.9'], ['104', '41']]) {
      expect((await cli(['grades', 'set', 'T1', n!, p!], { db, as: 'admin' })).code).toBe(0);
    }
    const g = gradesOf(db);
    expect([g['101']!.grade, g['102']!.grade, g['103']!.grade, g['104']!.grade]).toEqual(['B', 'A', 'F', 'E']);
    expect(g['101']).toMatchObject({ points: 88.5, derived: 1 });
    for (const bad of ['B', '1 000', '1.000,5', '88p', '101', '-1']) {
      const r = await cli(['grades', 'set', 'T1', '101', bad], { db, as: 'admin' });
      expect(r.code, bad).toBe(2);
    }
    expect((await cli(['grades', 'set', 'T1', '101', '90', '--points', '90'], { db, as: 'admin' })).code).toBe(2);
  });

  it('refuses a confirmed grade (5), an unknown candidate (4), and a candidate who takes no grade (5)', async () => {
    const db = seed({ candidates: ['101', { number: '102', status: 'absent' }] });
    await cli(['grades', 'set', 'T1', '101', 'B'], { db, as: 'admin' });
    confirm(db, '101');
    const locked = await cli(['grades', 'set', 'T1', '101', 'A'], { db, as: 'admin' });
    expect(locked.code).toBe(5);
    expect(locked.stderr).toContain('confirmed');
    expect((await cli(['grades', 'set', 'T1', '999', 'A'], { db, as: 'admin' })).code).toBe(4);
    const absent = await cli(['grades', 'set', 'T1', '102', 'A'], { db, as: 'admin' });
    expect(absent.code).toBe(5);
    expect(absent.stderr).toContain('absent');
    expect(gradesOf(db)['101']!.grade).toBe('B');
  });

  it('on a grade registration test only attended/submitted candidates take a grade', async () => {
    const db = seed({ registration: true, candidates: [{ number: '1', status: 'registered' }, { number: '2', status: 'attended' }] });
    expect((await cli(['grades', 'set', 'T1', '1', 'A'], { db, as: 'admin' })).code).toBe(5);
    expect((await cli(['grades', 'set', 'T1', '2', 'A'], { db, as: 'admin' })).code).toBe(0);
  });

  it('refuses a grade on an ungraded part with a pointer to its aggregate; points on a points part are recorded', async () => {
    const db = seed(
      { code: 'AGG', registration: true },
      { code: 'P1', ungradedPart: true, partOf: 'AGG', candidates: ['101'] },
      { code: 'P2', scale: 'points', ungradedPart: true, partOf: 'AGG', candidates: ['101'] },
    );
    const r = await cli(['grades', 'set', 'P1', '101', 'A'], { db, as: 'admin' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('AGG');
    expect((await cli(['grades', 'set', 'P2', '101', '77'], { db, as: 'admin' })).code).toBe(0);
    expect(gradesOf(db, 'P2')['101']).toMatchObject({ grade: null, points: 77 });
  });

  it('a grader sets only its own committee candidates; in private marking it writes its own mark; --final writes the grade', async () => {
    const db = seed({
      marking: 'private',
      committees: { K1: ['g1', 'g2'], K2: ['g3'] },
      candidates: [{ number: '101', committee: 'K1' }, { number: '201', committee: 'K2' }],
    });
    const other = await cli(['grades', 'set', 'T1', '201', 'A'], { db, as: 'g1' });
    expect(other.code).toBe(3);
    expect(other.stderr).toContain('K2');
    expect((await cli(['grades', 'set', 'T1', '101', 'B'], { db, as: 'g1' })).code).toBe(0);
    expect(gradesOf(db)).toEqual({});
    expect(sql(db, 'SELECT grade FROM marks')).toEqual([{ grade: 'B' }]);
    expect((await cli(['grades', 'set', 'T1', '101', 'C', '--final'], { db, as: 'g1' })).code).toBe(0);
    expect(gradesOf(db)['101']).toMatchObject({ grade: 'C', source: 'final' });
  });

  it('--group sets every member, each logged, and a member can be changed alone afterwards', async () => {
    const db = seed({
      candidates: [
        { number: '101', group: '1234' },
        { number: '102', group: '1234' },
        { number: '103', group: '1234', status: 'withdrawn' },
        { number: '104', group: '9999' },
      ],
    });
    const r = await cli(['--json', 'grades', 'set', 'T1', '1234', 'B', '--group'], { db, as: 'admin' });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.results.map((x: { candidate: string }) => x.candidate)).toEqual(['101', '102']);
    expect(doc.skipped).toEqual([expect.objectContaining({ candidate: '103' })]);
    expect(Object.keys(gradesOf(db))).toEqual(['101', '102']);
    expect(sql(db, "SELECT subject FROM events WHERE kind = 'grades.set' ORDER BY id")).toEqual([{ subject: '101' }, { subject: '102' }]);
    expect((await cli(['grades', 'set', 'T1', '102', 'C'], { db, as: 'admin' })).code).toBe(0);
    expect(gradesOf(db)['102']!.grade).toBe('C');
    expect((await cli(['grades', 'set', 'T1', 'nope', 'B', '--group'], { db, as: 'admin' })).code).toBe(4);
  });
});

describe('grades clear', () => {
  it('off a terminal needs --yes (exit 2 naming it), and then removes the grade, logged', async () => {
    const db = seed({ candidates: ['101', '102'] });
    await cli(['grades', 'set', 'T1', '101', 'B'], { db, as: 'admin' });
    const no = await cli(['grades', 'clear', 'T1', '101'], { db, as: 'admin' });
    expect(no.code).toBe(2);
    expect(no.stderr).toContain('--yes');
    expect(gradesOf(db)['101']!.grade).toBe('B');
    const yes = await cli(['--yes', 'grades', 'clear', 'T1', '101', '102'], { db, as: 'admin' });
    expect(yes.code).toBe(0);
    expect(gradesOf(db)).toEqual({});
    const ev = sql<{ old: string }>(db, "SELECT old FROM events WHERE kind = 'grades.clear'");
    expect(JSON.parse(ev[0]!.old)).toMatchObject({ grade: 'B' });
  });

  it('asks on a terminal and does nothing when told no; refuses confirmed grades (5)', async () => {
    const db = seed({ candidates: ['101', '102'] });
    await cli(['grades', 'set', 'T1', '101', 'B'], { db, as: 'admin' });
    const p = scriptedPrompter([false]);
    const r = await cli(['grades', 'clear', 'T1', '101'], { db, as: 'admin', prompter: p, interactive: true });
    expect(r.code).toBe(0);
    expect(p.asked[0]).toContain('101');
    expect(gradesOf(db)['101']!.grade).toBe('B');
    confirm(db, '101');
    expect((await cli(['--yes', 'grades', 'clear', 'T1', '101'], { db, as: 'admin' })).code).toBe(5);
    expect(gradesOf(db)['101']!.grade).toBe('B');
  });
});
