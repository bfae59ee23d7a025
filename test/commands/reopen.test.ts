import { describe, expect, it } from 'vitest';
import { findUser } from '../../src/domain/people/users.js';
import { scriptedPrompter } from '../../src/ui/prompter.js';
import { cli, freshDbPath, openDb } from '../helpers.js';
import { addCandidates, addCommittee, addExam, addUser, gradeRow, setGrade } from '../domain/workflow-world.js';

function confirmedWorld() {
  const file = freshDbPath();
  const db = openDb(file);
  const exam = addExam(db, { code: 'T', marking: 'shared', confirm: 'per-candidate' });
  const g1 = addUser(db, 'g1', ['grader']);
  const k = addCommittee(db, exam, 'K1', [g1]);
  addCandidates(db, exam, ['1', '2'], { committee: k });
  setGrade(db, g1, exam, '1', 'C');
  setGrade(db, g1, exam, '2', 'D');
  return { file, db, exam };
}

describe('grades confirm and reopen (commands)', () => {
  it('confirms, locks, and reopens with --yes off a terminal, logging who and why; then confirms again', async () => {
    const { file, db, exam } = confirmedWorld();
    const c = await cli(['grades', 'confirm', 'T', '--candidate', '1'], { db: file, as: 'g1' });
    expect(c.code).toBe(0);
    expect(c.stderr).toContain('Confirmed 1 grade(s) on T: 1');
    expect(gradeRow(db, exam, '1')!.confirmed).toBe(1);

    expect((await cli(['grades', 'reopen', 'T', '--candidate', '1'], { db: file, as: 'g1', env: {} })).code).toBe(3);
    const noTty = await cli(['grades', 'reopen', 'T', '--candidate', '1'], { db: file, as: 'admin' });
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('--yes');
    expect(gradeRow(db, exam, '1')!.confirmed).toBe(1);

    const r = await cli(['--yes', 'grades', 'reopen', 'T', '--candidate', '1', '--reason', 'clerical error'], { db: file, as: 'admin' });
    expect(r.code).toBe(0);
    expect(gradeRow(db, exam, '1')!.confirmed).toBe(0);
    const log = await cli(['--json', 'log', '--test', 'T'], { db: file, as: 'admin' });
    expect(log.code).toBe(0);
    const kinds = JSON.parse(log.stdout).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['grades.confirm', 'grades.reopen']));
    const ev = db.prepare(`SELECT a.username AS actor, e.subject, e.new FROM events e JOIN users a ON a.id = e.actor_id WHERE e.kind = 'grades.reopen'`).get() as {
      actor: string;
      subject: string;
      new: string;
    };
    expect(ev).toMatchObject({ actor: 'admin', subject: '1' });
    expect(JSON.parse(ev.new).reason).toBe('clerical error');

    setGrade(db, findUser(db, 'g1')!, exam, '1', 'B');
    expect((await cli(['grades', 'confirm', 'T', '--candidate', '1'], { db: file, as: 'g1' })).code).toBe(0);
    expect(gradeRow(db, exam, '1')).toMatchObject({ grade: 'B', confirmed: 1 });
  });

  it('asks on a terminal and does nothing when the answer is no', async () => {
    const { file, db, exam } = confirmedWorld();
    await cli(['grades', 'confirm', 'T'], { db: file, as: 'g1' });
    expect(gradeRow(db, exam, '2')!.confirmed).toBe(1);
    const prompter = scriptedPrompter([false]);
    const no = await cli(['grades', 'reopen', 'T'], { db: file, as: 'admin', prompter, interactive: true });
    expect(no.code).toBe(0);
    expect(prompter.asked[0]).toContain('Reopen 2 confirmed grades on T?');
    expect(gradeRow(db, exam, '1')!.confirmed).toBe(1);
    const yes = await cli(['--json', 'grades', 'reopen', 'T'], { db: file, as: 'admin', prompter: scriptedPrompter([true]), interactive: true });
    expect(JSON.parse(yes.stdout)).toEqual({ test: 'T', reopened: ['1', '2'], reason: null });
    const nothing = await cli(['--yes', 'grades', 'reopen', 'T'], { db: file, as: 'admin' });
    expect(nothing.code).toBe(5);
  });

  it('per-candidate confirmation without --candidate confirms the ready ones and names the rest', async () => {
    const { file, db, exam } = confirmedWorld();
    addCandidates(db, exam, ['3'], { committee: db.prepare(`SELECT id FROM committees`).pluck().get() as number });
    const r = await cli(['--json', 'grades', 'confirm', 'T'], { db: file, as: 'g1' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ test: 'T', confirmed: ['1', '2'], pending: [], skipped: [{ candidate: '3', reason: 'no grade' }] });
  });
});

describe('reopen after the thresholds changed', () => {
  it('a reopened letter derived from points follows the thresholds now in force', async () => {
    const file = freshDbPath();
    const db = openDb(file);
    const exam = addExam(db, { code: 'P', scale: 'points', marking: 'shared', confirm: 'per-candidate' });
    const g1 = addUser(db, 'g1', ['grader']);
    addCandidates(db, exam, ['1'], { committee: addCommittee(db, exam, 'K1', [g1]) });
    expect((await cli(['grades', 'set', 'P', '1', '70'], { db: file, as: 'g1' })).code).toBe(0);
    expect((await cli(['grades', 'confirm', 'P', '--candidate', '1'], { db: file, as: 'g1' })).code).toBe(0);
    // 70 was a C; with C from 71 it is a D, but the confirmed grade keeps its C while locked.
    expect((await cli(['tests', 'thresholds', 'P', '--set', 'A=89,B=77,C=71,D=53,E=41'], { db: file, as: 'admin' })).code).toBe(0);
    expect(gradeRow(db, exam, '1')).toMatchObject({ grade: 'C', confirmed: 1 });
    expect((await cli(['--yes', 'grades', 'reopen', 'P', '--candidate', '1'], { db: file, as: 'admin' })).code).toBe(0);
    expect(gradeRow(db, exam, '1')).toMatchObject({ grade: 'D', points: 70, confirmed: 0 });
    const ev = db.prepare("SELECT old, new FROM events WHERE kind = 'grades.reopen' ORDER BY id DESC LIMIT 1").get() as { old: string; new: string };
    expect(JSON.parse(ev.old)).toMatchObject({ grade: 'C', points: 70 });
    expect(JSON.parse(ev.new)).toMatchObject({ grade: 'D', points: 70, confirmed: false });
  });
});
