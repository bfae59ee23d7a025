import { describe, expect, it } from 'vitest';
import { cli, freshDbPath, openDb } from '../helpers.js';
import { addCandidates, addCommittee, addExam, addGroup, addUser, gradeRow } from '../domain/workflow-world.js';

function groupWorld(marking: 'private' | 'shared') {
  const file = freshDbPath();
  const db = openDb(file);
  const exam = addExam(db, { code: 'GRP', marking, groups: 'predefined' });
  const g1 = addUser(db, 'g1', ['grader']);
  const g2 = addUser(db, 'g2', ['grader']);
  const k = addCommittee(db, exam, 'K1', [g1, g2]);
  addCandidates(db, exam, ['1', '2', '3'], { committee: k });
  addGroup(db, exam, 'G1', ['1', '2']);
  return { file, db, exam };
}

describe('group grades through the workflow', () => {
  it('shared marking: one grade for every member, a later change to one member is its own, then confirmed', async () => {
    const { file, db, exam } = groupWorld('shared');
    const r = await cli(['grades', 'set', 'GRP', 'G1', 'B', '--group'], { db: file, as: 'g1' });
    expect(r.code).toBe(0);
    expect(gradeRow(db, exam, '1')).toMatchObject({ grade: 'B', source: 'group' });
    expect(gradeRow(db, exam, '2')).toMatchObject({ grade: 'B', source: 'group' });
    expect((await cli(['grades', 'set', 'GRP', '2', 'A'], { db: file, as: 'g2' })).code).toBe(0);
    expect(gradeRow(db, exam, '2')).toMatchObject({ grade: 'A' });
    const ev = db.prepare(`SELECT count(*) AS n FROM events WHERE kind LIKE 'grades.set%' AND subject = '2'`).get() as { n: number };
    expect(ev.n).toBeGreaterThanOrEqual(2);
    // Candidate 3 writes alone and has no grade: collective confirmation names it.
    const refused = await cli(['grades', 'confirm', 'GRP'], { db: file, as: 'g1' });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('candidate 3: no grade');
    await cli(['grades', 'set', 'GRP', '3', 'C'], { db: file, as: 'g1' });
    expect((await cli(['grades', 'confirm', 'GRP'], { db: file, as: 'g2' })).code).toBe(0);
    expect([1, 2, 3].map((n) => gradeRow(db, exam, String(n))!.confirmed)).toEqual([1, 1, 1]);
    const locked = await cli(['grades', 'set', 'GRP', 'G1', 'E', '--group'], { db: file, as: 'g1' });
    expect(locked.code).toBe(5);
  });

  it('private marking: a group grade is each member\'s private mark until shared and aligned', async () => {
    const { file, db, exam } = groupWorld('private');
    const first = await cli(['grades', 'set', 'GRP', 'G1', 'B', '--group'], { db: file, as: 'g1' });
    expect(first.code).toBe(0);
    // Said as for one candidate: whose mark it is, and that nothing is confirmed.
    expect(first.stdout).toBe('GRP 1: none → B (your private mark)\nGRP 2: none → B (your private mark)\n');
    expect(first.stderr).toContain('Not confirmed yet');
    expect((await cli(['grades', 'set', 'GRP', 'G1', 'B', '--group'], { db: file, as: 'g2' })).code).toBe(0);
    expect(gradeRow(db, exam, '1')).toBeUndefined();
    const hidden = JSON.parse((await cli(['--json', 'grades', 'list', 'GRP'], { db: file, as: 'g2' })).stdout);
    expect(hidden[0].marks).toEqual([{ grader: 'g2', grade: 'B', shared: false }]);
    await cli(['grades', 'share', 'GRP'], { db: file, as: 'g1' });
    await cli(['grades', 'share', 'GRP'], { db: file, as: 'g2' });
    expect(gradeRow(db, exam, '1')).toMatchObject({ grade: 'B', source: 'agreed' });
    expect(gradeRow(db, exam, '2')).toMatchObject({ grade: 'B', source: 'agreed' });
  });
});
