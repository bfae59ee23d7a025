import { describe, expect, it } from 'vitest';
import { ExamctlError } from '../../src/errors.js';
import { findUser } from '../../src/domain/people/users.js';
import { confirmGrades } from '../../src/domain/grading/confirm.js';
import { progressOf } from '../../src/domain/grading/progress.js';
import { reopenGrades } from '../../src/domain/grading/reopen.js';
import { shareMarks } from '../../src/domain/grading/sharing.js';
import { listGrades } from '../../src/domain/grading/visibility.js';
import { freshDbPath, openDb } from '../helpers.js';
import { addCandidates, addCommittee, addExam, addUser, contributor, gradeRow, setGrade, tick } from './workflow-world.js';

function codeOf(fn: () => unknown): { code: number; message: string; details: string[] } {
  try {
    fn();
  } catch (e) {
    if (e instanceof ExamctlError) return { code: e.exitCode, message: e.message, details: e.details };
    throw e;
  }
  return { code: 0, message: '', details: [] };
}

type Marking = 'private' | 'shared';
type Mode = 'collective' | 'per-candidate';
type By = 'one' | 'all';
const matrix: [Marking, Mode, By, 1 | 2][] = [];
for (const m of ['private', 'shared'] as Marking[])
  for (const c of ['collective', 'per-candidate'] as Mode[])
    for (const b of ['one', 'all'] as By[]) for (const g of [1, 2] as const) matrix.push([m, c, b, g]);

describe('grading workflow matrix: marking × confirmation × confirm-by × graders', () => {
  it.each(matrix)('%s marking, %s confirmation, confirm-by %s, %i grader(s)', (marking, mode, by, n) => {
    const db = openDb(freshDbPath());
    const exam = addExam(db, { code: 'T1', marking, confirm: mode, confirmBy: by });
    const g1 = addUser(db, 'g1', ['grader']);
    const g2 = addUser(db, 'g2', ['grader']);
    const graders = n === 2 ? [g1, g2] : [g1];
    const k = addCommittee(db, exam, 'K1', graders);
    addCandidates(db, exam, ['101', '102'], { committee: k });
    addCandidates(db, exam, ['103'], { committee: k, status: 'absent' });
    const confirm = (who: typeof g1, candidate?: string) => () =>
      confirmGrades(db, who, 'T1', candidate ? { candidate } : {}, tick());
    const confirmAll = (who: typeof g1) =>
      mode === 'collective' ? confirm(who)() : (confirm(who, '101')(), confirm(who, '102')());

    // Collective tests take no --candidate; that is a usage error whatever the state.
    if (mode === 'collective') expect(codeOf(confirm(g1, '101')).code).toBe(2);

    const twoPrivate = marking === 'private' && n === 2;
    setGrade(db, g1, exam, '101', 'A');
    if (twoPrivate) {
      setGrade(db, g1, exam, '102', 'B');
      setGrade(db, g2, exam, '101', 'A');
      setGrade(db, g2, exam, '102', 'C');
      // Nobody has shared: nothing can be confirmed and nothing is a grade of record yet.
      const early = codeOf(confirm(g1, mode === 'collective' ? undefined : '101'));
      expect(early.code).toBe(5);
      expect(early.details.join('\n')).toMatch(/waiting for g1, g2 to share/);
      expect(gradeRow(db, exam, '101')).toBeUndefined();
      shareMarks(db, g1, 'T1', {}, tick());
      expect(gradeRow(db, exam, '101')).toBeUndefined();
      shareMarks(db, g2, 'T1', {}, tick());
      expect(gradeRow(db, exam, '101')).toMatchObject({ grade: 'A', source: 'agreed', confirmed: 0 });
      expect(progressOf(db, exam).filter((p) => p.conflict).map((p) => p.candidate.number)).toEqual(['102']);
      const refused = codeOf(confirm(g1, mode === 'collective' ? undefined : '102'));
      expect(refused.code).toBe(5);
      expect(refused.details.join('\n')).toMatch(/candidate 102: in conflict/);
      setGrade(db, g2, exam, '102', 'B', { final: true });
      expect(gradeRow(db, exam, '102')).toMatchObject({ grade: 'B', source: 'final' });
      expect(progressOf(db, exam).some((p) => p.conflict)).toBe(false);
    } else {
      // 102 has no grade yet: collective confirmation names it, per-candidate refuses it.
      const refused = codeOf(confirm(g1, mode === 'collective' ? undefined : '102'));
      expect(refused.code).toBe(5);
      expect(refused.details.join('\n')).toContain('candidate 102: no grade');
      expect(refused.details.join('\n')).not.toContain('103');
      setGrade(db, g1, exam, '102', 'B');
    }

    confirmAll(g1);
    const completes = by === 'one' || n === 1;
    expect(gradeRow(db, exam, '101')!.confirmed).toBe(completes ? 1 : 0);
    expect(gradeRow(db, exam, '102')!.confirmed).toBe(completes ? 1 : 0);
    // Confirming twice is refused: either locked already or waiting for the others.
    expect(codeOf(confirm(g1, mode === 'collective' ? undefined : '101')).code).toBe(5);
    if (!completes) {
      confirmAll(g2);
      expect(gradeRow(db, exam, '101')!.confirmed).toBe(1);
      expect(gradeRow(db, exam, '102')!.confirmed).toBe(1);
    }
    const confirmations = db.prepare('SELECT count(*) AS n FROM confirmations').get() as { n: number };
    expect(confirmations.n).toBe(completes ? 2 : 4);
    const events = db.prepare(`SELECT count(*) AS n FROM events WHERE kind = 'grades.confirm'`).get() as { n: number };
    expect(events.n).toBe(confirmations.n);
    // The absent candidate took no grade and did not block.
    expect(gradeRow(db, exam, '103')).toBeUndefined();
    // Locked: everything in the committee is confirmed, so a further confirmation finds nothing.
    expect(codeOf(confirm(n === 2 ? g2 : g1, mode === 'collective' ? undefined : '102')).code).toBe(5);
    db.close();
  });
});

describe('private marking', () => {
  function world() {
    const db = openDb(freshDbPath());
    const admin = findUser(db, 'admin')!;
    const exam = addExam(db, { code: 'P1', marking: 'private', confirm: 'collective', confirmBy: 'all' });
    const g1 = addUser(db, 'g1', ['grader']);
    const g2 = addUser(db, 'g2', ['grader']);
    const g3 = addUser(db, 'g3', ['grader']);
    const k1 = addCommittee(db, exam, 'K1', [g1, g2]);
    const k2 = addCommittee(db, exam, 'K2', [g3]);
    addCandidates(db, exam, ['101', '102'], { committee: k1 });
    addCandidates(db, exam, ['201'], { committee: k2 });
    addCandidates(db, exam, ['301']);
    return { db, admin, exam, g1, g2, g3 };
  }

  it('hides unshared marks from co-graders and planners, and shows them once shared', () => {
    const { db, admin, exam, g1, g2, g3 } = world();
    setGrade(db, g1, exam, '101', 'A');
    setGrade(db, g2, exam, '101', 'C');
    const asG1 = listGrades(db, g1, 'P1');
    expect(asG1.map((r) => r.candidate)).toEqual(['101', '102']);
    expect(asG1[0]!.marks).toEqual([{ grader: 'g1', grade: 'A', shared: false }]);
    expect(listGrades(db, admin, 'P1')[0]!.marks).toEqual([]);
    expect(listGrades(db, g3, 'P1').map((r) => r.candidate)).toEqual(['201']);
    shareMarks(db, g2, 'P1', {}, tick());
    expect(listGrades(db, g1, 'P1')[0]!.marks).toEqual([
      { grader: 'g1', grade: 'A', shared: false },
      { grader: 'g2', grade: 'C', shared: true },
    ]);
    expect(listGrades(db, g3, 'P1', {}).every((r) => r.marks.length === 0)).toBe(true);
    // A mark changed after sharing is private again until shared again.
    setGrade(db, g2, exam, '101', 'A');
    expect(listGrades(db, g1, 'P1')[0]!.marks).toEqual([{ grader: 'g1', grade: 'A', shared: false }]);
    shareMarks(db, g1, 'P1', {}, tick());
    expect(gradeRow(db, exam, '101')).toBeUndefined();
    shareMarks(db, g2, 'P1', {}, tick());
    expect(gradeRow(db, exam, '101')).toMatchObject({ grade: 'A', source: 'agreed' });
  });

  it('a changed mark after alignment withdraws the agreement until shared again, then it is a conflict', () => {
    const { db, exam, g1, g2 } = world();
    setGrade(db, g1, exam, '101', 'B');
    setGrade(db, g2, exam, '101', 'B');
    shareMarks(db, g1, 'P1', {}, tick());
    shareMarks(db, g2, 'P1', {}, tick());
    expect(gradeRow(db, exam, '101')).toMatchObject({ grade: 'B', source: 'agreed' });
    setGrade(db, g2, exam, '101', 'D');
    const p = progressOf(db, exam).find((x) => x.candidate.number === '101')!;
    expect(p.aligned).toBe(false);
    expect(p.waitingFor).toEqual(['g2']);
    shareMarks(db, g2, 'P1', {}, tick());
    expect(gradeRow(db, exam, '101')).toBeUndefined();
    expect(listGrades(db, g1, 'P1', { conflicts: true }).map((r) => r.candidate)).toEqual(['101']);
  });

  it('a lone grader in private marking completes its committee by confirming', () => {
    const { db, exam, g3 } = world();
    setGrade(db, g3, exam, '201', 'E');
    confirmGrades(db, g3, 'P1', {}, tick());
    expect(gradeRow(db, exam, '201')).toMatchObject({ grade: 'E', source: 'agreed', confirmed: 1 });
  });

  it('a planner may confirm any committee once its grades are ready; graders only their own committees', () => {
    const { db, admin, exam, g1, g3 } = world();
    setGrade(db, admin, exam, '301', 'C');
    // K1's graders have not shared their private marks: nothing there is ready, for a planner either.
    expect(codeOf(() => confirmGrades(db, admin, 'P1', { committee: 'K1' }, tick())).code).toBe(5);
    expect(codeOf(() => confirmGrades(db, g1, 'P1', { committee: 'K2' }, tick())).code).toBe(3);
    const r = confirmGrades(db, admin, 'P1', {}, tick());
    expect(r.confirmed).toEqual(['301']);
    expect(gradeRow(db, exam, '301')!.confirmed).toBe(1);
    void g3;
  });

  it('share is for graders only and for private marking only', () => {
    const { db, admin, g1 } = world();
    expect(codeOf(() => shareMarks(db, admin, 'P1', {}, tick())).code).toBe(3);
    expect(codeOf(() => shareMarks(db, g1, 'P1', { committee: 'K2' }, tick())).code).toBe(3);
    expect(codeOf(() => shareMarks(db, g1, 'P1', { committee: 'nope' }, tick())).code).toBe(4);
    addExam(db, { code: 'S1', marking: 'shared' });
    const s1 = db.prepare(`SELECT id FROM exams WHERE code='S1'`).get() as { id: number };
    contributor(db, { id: s1.id } as never, g1, 'grader');
    expect(codeOf(() => shareMarks(db, g1, 'S1', {}, tick())).code).toBe(5);
  });

  it('reopen: planners only, logged with the reason; the grade can change and be confirmed again', () => {
    const { db, admin, exam, g3 } = world();
    setGrade(db, g3, exam, '201', 'E');
    confirmGrades(db, g3, 'P1', {}, tick());
    expect(codeOf(() => reopenGrades(db, g3, 'P1', { candidate: '201' }, tick())).code).toBe(3);
    const r = reopenGrades(db, admin, 'P1', { candidate: '201', reason: 'appeal' }, tick());
    expect(r.reopened).toEqual(['201']);
    expect(gradeRow(db, exam, '201')!.confirmed).toBe(0);
    const ev = db.prepare(`SELECT new FROM events WHERE kind = 'grades.reopen'`).get() as { new: string };
    expect(JSON.parse(ev.new)).toMatchObject({ reason: 'appeal', confirmed: false });
    setGrade(db, g3, exam, '201', 'D', { final: true });
    confirmGrades(db, g3, 'P1', {}, tick());
    expect(gradeRow(db, exam, '201')).toMatchObject({ grade: 'D', confirmed: 1 });
    expect(codeOf(() => reopenGrades(db, admin, 'P1', { candidate: '101' }, tick())).code).toBe(5);
  });
});

describe('per-candidate confirmation over a committee', () => {
  it('is refused while a conflict remains in its scope, naming it; other blockers are only skipped', () => {
    const db = openDb(freshDbPath());
    const exam = addExam(db, { code: 'PC', marking: 'private', confirm: 'per-candidate' });
    const g1 = addUser(db, 'g1', ['grader']);
    const g2 = addUser(db, 'g2', ['grader']);
    const k = addCommittee(db, exam, 'K1', [g1, g2]);
    addCandidates(db, exam, ['1', '2', '3'], { committee: k });
    setGrade(db, g1, exam, '1', 'A');
    setGrade(db, g2, exam, '1', 'A');
    setGrade(db, g1, exam, '2', 'B');
    setGrade(db, g2, exam, '2', 'C');
    shareMarks(db, g1, 'PC', {}, tick());
    shareMarks(db, g2, 'PC', {}, tick());
    const r = codeOf(() => confirmGrades(db, g1, 'PC', {}, tick()));
    expect(r.code).toBe(5);
    expect(r.details).toEqual(['candidate 2: in conflict: the graders disagree; resolve it by setting the final grade (grades set)']);
    expect(gradeRow(db, exam, '1')!.confirmed).toBe(0);
    // One candidate at a time is its own scope.
    confirmGrades(db, g1, 'PC', { candidate: '1' }, tick());
    expect(gradeRow(db, exam, '1')!.confirmed).toBe(1);
    setGrade(db, g1, exam, '2', 'B', { final: true });
    const rest = confirmGrades(db, g2, 'PC', {}, tick());
    expect(rest).toEqual({ test: 'PC', confirmed: ['2'], pending: [], skipped: [{ candidate: '3', reason: 'no grade' }] });
  });
});

describe('a planner confirming', () => {
  function twoCommittees() {
    const db = openDb(freshDbPath());
    const admin = findUser(db, 'admin')!;
    const exam = addExam(db, { code: 'S1', marking: 'shared', confirm: 'collective', confirmBy: 'all' });
    const g1 = addUser(db, 'g1', ['grader']);
    const g2 = addUser(db, 'g2', ['grader']);
    const g3 = addUser(db, 'g3', ['grader']);
    addCandidates(db, exam, ['101', '102'], { committee: addCommittee(db, exam, 'K1', [g1, g2]) });
    addCandidates(db, exam, ['201', '202'], { committee: addCommittee(db, exam, 'K2', [g3]) });
    return { db, admin, exam, g1, g3 };
  }

  it("locks a ready committee's grades at once, even where all graders must confirm", () => {
    const { db, admin, exam, g1 } = twoCommittees();
    setGrade(db, g1, exam, '101', 'B');
    setGrade(db, g1, exam, '102', 'C');
    const r = confirmGrades(db, admin, 'S1', { committee: 'K1' }, tick());
    expect(r.confirmed).toEqual(['101', '102']);
    expect(gradeRow(db, exam, '101')!.confirmed).toBe(1);
  });

  it('holds back a committee that is not ready as a whole and confirms the ready ones; none ready is 5', () => {
    const { db, admin, exam, g1, g3 } = twoCommittees();
    setGrade(db, g3, exam, '201', 'A');
    expect(codeOf(() => confirmGrades(db, admin, 'S1', {}, tick())).code).toBe(5);
    expect(gradeRow(db, exam, '201')!.confirmed).toBe(0);
    setGrade(db, g1, exam, '101', 'B');
    setGrade(db, g1, exam, '102', 'C');
    const r = confirmGrades(db, admin, 'S1', {}, tick());
    expect(r.confirmed).toEqual(['101', '102']);
    expect(r.skipped.map((s) => s.candidate).sort()).toEqual(['201', '202']);
    expect(gradeRow(db, exam, '201')!.confirmed).toBe(0);
    // a named committee that is not ready is refused whole
    expect(codeOf(() => confirmGrades(db, admin, 'S1', { committee: 'K2' }, tick())).code).toBe(5);
  });
});
