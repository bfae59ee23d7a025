import { describe, expect, it } from 'vitest';
import { findUser } from '../../src/domain/people/users.js';
import { cli, freshDbPath, openDb } from '../helpers.js';
import { addCandidates, addCommittee, addExam, addUser, contributor, setGrade } from '../domain/workflow-world.js';

/** Two graders in private marking; g1 has marked 101 with A, g2 with F: a distinctive pair. */
function world() {
  const file = freshDbPath();
  const db = openDb(file);
  const exam = addExam(db, { code: 'PRIV', marking: 'private' });
  const g1 = addUser(db, 'g1', ['grader']);
  const g2 = addUser(db, 'g2', ['grader']);
  const rep = addUser(db, 'rep', ['reporter']);
  contributor(db, exam, rep, 'reporter');
  const k = addCommittee(db, exam, 'K1', [g1, g2]);
  addCandidates(db, exam, ['101', '102'], { committee: k });
  setGrade(db, g1, exam, '101', 'A');
  setGrade(db, g2, exam, '101', 'F');
  setGrade(db, g2, exam, '102', 'D');
  return { file, db, exam, admin: findUser(db, 'admin')! };
}

describe('grades list: what a grader may see', () => {
  it("hides another grader's unshared marks in the table, the --json and the report", async () => {
    const { file } = world();
    const table = await cli(['grades', 'list', 'PRIV'], { db: file, as: 'g1' });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('g1: A (private)');
    expect(table.stdout).not.toContain('g2');
    expect(table.stdout).not.toMatch(/\bF\b/);
    expect(table.stdout).not.toMatch(/\bD\b/);

    const json = await cli(['--json', 'grades', 'list', 'PRIV'], { db: file, as: 'g1' });
    expect(JSON.parse(json.stdout)).toEqual([
      { candidate: '101', grade: null, points: null, confirmed: false, conflict: false, marks: [{ grader: 'g1', grade: 'A', shared: false }] },
      { candidate: '102', grade: null, points: null, confirmed: false, conflict: false, marks: [] },
    ]);
    expect(json.stdout).not.toContain('g2');

    // A planner does not see unshared drafts either.
    const planner = await cli(['--json', 'grades', 'list', 'PRIV'], { db: file, as: 'admin' });
    expect(planner.stdout).not.toContain('"grader"');

    // The report counts grades of record only: nothing is graded yet, whatever the drafts say.
    const report = await cli(['--json', 'report', 'PRIV'], { db: file, as: 'rep' });
    expect(report.code).toBe(0);
    const r = JSON.parse(report.stdout);
    expect(r.graded).toBe(0);
    expect(r.distribution.every((d: { count: number }) => d.count === 0)).toBe(true);
    expect(report.stdout).not.toContain('"marks"');
    const reportTable = await cli(['report', 'PRIV'], { db: file, as: 'admin' });
    expect(reportTable.stdout).toMatch(/K1\s+g1, g2\s+0\/2\s+2\s+2\s+0\s+0\s+0/);
  });

  it('shows shared marks to co-graders, and --conflicts keeps the disagreements', async () => {
    const { file } = world();
    expect((await cli(['grades', 'share', 'PRIV'], { db: file, as: 'g2' })).code).toBe(0);
    const mid = JSON.parse((await cli(['--json', 'grades', 'list', 'PRIV'], { db: file, as: 'g1' })).stdout);
    expect(mid[0].marks).toEqual([
      { grader: 'g1', grade: 'A', shared: false },
      { grader: 'g2', grade: 'F', shared: true },
    ]);
    const share = await cli(['--json', 'grades', 'share', 'PRIV'], { db: file, as: 'g1' });
    expect(JSON.parse(share.stdout)).toEqual({
      test: 'PRIV',
      committees: [{ committee: 'K1', waitingFor: [], agreed: [], conflicts: ['101', '102'] }],
    });
    const conflicts = JSON.parse((await cli(['--json', 'grades', 'list', 'PRIV', '--conflicts'], { db: file, as: 'admin' })).stdout);
    expect(conflicts.map((c: { candidate: string }) => c.candidate)).toEqual(['101', '102']);
    expect(conflicts[0]).toMatchObject({ conflict: true, marks: [{ grader: 'g1', grade: 'A', shared: true }, { grader: 'g2', grade: 'F', shared: true }] });
    const table = await cli(['grades', 'list', 'PRIV', '--conflicts'], { db: file, as: 'g1' });
    expect(table.stdout).toContain('CONFLICT');
    expect(table.stderr).toContain('--final');
  });

  it('refuses reporters, outsiders and graders of other committees; an empty list is success', async () => {
    const { file, db, exam } = world();
    const g3 = addUser(db, 'g3', ['grader']);
    addCommittee(db, exam, 'K2', [g3]);
    expect((await cli(['grades', 'list', 'PRIV'], { db: file, as: 'rep' })).code).toBe(3);
    expect((await cli(['grades', 'list', 'PRIV', '--committee', 'K1'], { db: file, as: 'g3' })).code).toBe(3);
    expect((await cli(['grades', 'list', 'PRIV', '--committee', 'K9'], { db: file, as: 'admin' })).code).toBe(4);
    expect((await cli(['grades', 'list', 'NOPE'], { db: file, as: 'admin' })).code).toBe(4);
    const empty = await cli(['--json', 'grades', 'list', 'PRIV'], { db: file, as: 'g3' });
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual([]);
  });

  it('in shared marking every grader of the committee sees and overwrites the one grade', async () => {
    const file = freshDbPath();
    const db = openDb(file);
    const exam = addExam(db, { code: 'SH', marking: 'shared', scale: 'points' });
    const g1 = addUser(db, 'g1', ['grader']);
    const g2 = addUser(db, 'g2', ['grader']);
    const k = addCommittee(db, exam, 'K1', [g1, g2]);
    addCandidates(db, exam, ['7'], { committee: k });
    setGrade(db, g1, exam, '7', 70);
    setGrade(db, g2, exam, '7', 90);
    const asG1 = JSON.parse((await cli(['--json', 'grades', 'list', 'SH'], { db: file, as: 'g1' })).stdout);
    expect(asG1).toEqual([{ candidate: '7', grade: 'A', points: 90, confirmed: false, conflict: false, marks: [] }]);
  });

  it('an ungraded part shows points, never a letter', async () => {
    const file = freshDbPath();
    const db = openDb(file);
    addExam(db, { code: 'AGG', scale: 'points', registration: true });
    const part = addExam(db, { code: 'PART', scale: 'points', partOf: 'AGG', ungradedPart: true });
    addCandidates(db, part, ['1']);
    setGrade(db, findUser(db, 'admin')!, part, '1', 75);
    const rows = JSON.parse((await cli(['--json', 'grades', 'list', 'PART'], { db: file, as: 'admin' })).stdout);
    expect(rows).toEqual([{ candidate: '1', grade: null, points: 75, confirmed: false, conflict: false, marks: [] }]);
  });
});
