import { describe, expect, it } from 'vitest';
import { findUser } from '../../src/domain/people/users.js';
import { cli, freshDbPath, openDb } from '../helpers.js';
import { addCandidates, addCommittee, addExam, addUser, contributor, setGrade } from '../domain/workflow-world.js';

describe('report', () => {
  it('draws every grade of the scale, also at zero, with counts and percentages, and progress per committee', async () => {
    const file = freshDbPath();
    const db = openDb(file);
    const admin = findUser(db, 'admin')!;
    const exam = addExam(db, { code: 'R1', scale: 'points' });
    const g1 = addUser(db, 'g1', ['grader']);
    const k = addCommittee(db, exam, 'K1', [g1]);
    addCandidates(db, exam, ['1', '2', '3', '4'], { committee: k });
    addCandidates(db, exam, ['5']);
    setGrade(db, g1, exam, '1', 95);
    setGrade(db, g1, exam, '2', 91);
    setGrade(db, g1, exam, '3', 80);
    setGrade(db, admin, exam, '5', 10);
    const r = await cli(['report', 'R1'], { db: file, as: 'admin' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}A {2}#{40} {2}2 {2} 50\.0%$/m);
    expect(r.stdout).toMatch(/^ {2}B {2}#{20} {22}1 {2} 25\.0%$/m);
    for (const l of ['C', 'D', 'E']) expect(r.stdout).toMatch(new RegExp(`^  ${l} {44}0 {4}0\\.0%$`, "m"));
    expect(r.stdout).toMatch(/^ {2}F {2}#{20}/m);
    expect(r.stdout).toContain('4 of 5 candidates graded');
    expect(r.stdout).toMatch(/K1\s+g1\s+1\/1\s+4\s+4\s+3\s+0\s+0/);
    expect(r.stdout).toMatch(/\(no committee\)\s+1\s+1\s+1\s+0\s+0/);
    expect(r.stdout).not.toMatch(/\x1b\[/);

    const j = JSON.parse((await cli(['--json', 'report', 'R1'], { db: file, as: 'admin' })).stdout);
    expect(j).toMatchObject({ test: 'R1', scale: 'points', buckets: 'grades', candidates: 5, graded: 4 });
    expect(j.distribution).toEqual([
      { grade: 'A', count: 2, percent: 50 },
      { grade: 'B', count: 1, percent: 25 },
      { grade: 'C', count: 0, percent: 0 },
      { grade: 'D', count: 0, percent: 0 },
      { grade: 'E', count: 0, percent: 0 },
      { grade: 'F', count: 1, percent: 25 },
    ]);
    expect(j.committees[0]).toEqual({ committee: 'K1', graders: ['g1'], shared: ['g1'], candidates: 4, eligible: 4, graded: 3, conflicts: 0, confirmed: 0 });
  });

  it('is for reporters and planners on the test: graders and reporters elsewhere get 3', async () => {
    const file = freshDbPath();
    const db = openDb(file);
    const exam = addExam(db, { code: 'R2', scale: 'passfail' });
    const g1 = addUser(db, 'g1', ['grader']);
    addCommittee(db, exam, 'K1', [g1]);
    const rep = addUser(db, 'rep', ['reporter']);
    const other = addUser(db, 'rep2', ['reporter']);
    contributor(db, exam, rep, 'reporter');
    void other;
    expect((await cli(['report', 'R2'], { db: file, as: 'g1' })).code).toBe(3);
    expect((await cli(['report', 'R2'], { db: file, as: 'rep2' })).code).toBe(3);
    const ok = await cli(['--json', 'report', 'R2'], { db: file, as: 'rep' });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).distribution).toEqual([
      { grade: 'Pass', count: 0, percent: 0 },
      { grade: 'NotPass', count: 0, percent: 0 },
    ]);
    expect((await cli(['report', 'NOPE'], { db: file, as: 'rep' })).code).toBe(4);
  });
});
