import { afterEach, describe, expect, it } from 'vitest';
import { confirmGrades } from '../../src/domain/grading/confirm.js';
import { SET_ROWS } from '../../src/db/sets.js';
import type { Db } from '../../src/db/open.js';
import { freshDbPath, openDb } from '../helpers.js';
import { addCommittee, addExam, addUser, tick } from './workflow-world.js';

/**
 * A committee confirming more grades than one set of a set-based write holds (on a server, 10,000
 * rows a statement): every grade gets its confirmation, its lock when the last grader confirms,
 * and its event, in order, exactly as one candidate at a time would.
 */
let db: Db | undefined;
afterEach(() => db?.close());

const N = SET_ROWS + 7;

describe('confirming many grades at once', () => {
  it('confirm-by all: the first grader’s confirmations wait, the second’s lock every grade, each with its event', () => {
    db = openDb(freshDbPath());
    const exam = addExam(db, { code: 'T1', marking: 'shared', confirm: 'collective', confirmBy: 'all' });
    const g1 = addUser(db, 'g1', ['grader']);
    const g2 = addUser(db, 'g2', ['grader']);
    const k = addCommittee(db, exam, 'K1', [g1, g2]);
    db.prepare(
      `INSERT INTO candidates (exam_id, number, status, committee_id)
       WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
       SELECT ?, CAST(100000 + i AS text), 'submitted', ? FROM s`,
    ).run(N - 1, exam.id, k);
    db.prepare("INSERT INTO grades (candidate_id, grade, source, updated_by, updated_at) SELECT id, 'B', 'direct', ?, 'now' FROM candidates WHERE exam_id = ?").run(g1.id, exam.id);
    const numbers = Array.from({ length: N }, (_, i) => String(100000 + i));
    const count = (sql: string) => (db!.prepare(sql).get() as { n: number }).n;

    const first = confirmGrades(db, g1, 'T1', {}, tick());
    expect(first.confirmed).toEqual([]);
    expect(first.pending.map((p) => p.candidate)).toEqual(numbers);
    expect(first.pending.every((p) => p.waitingFor.join() === 'g2')).toBe(true);
    expect(count(`SELECT count(*) AS n FROM confirmations WHERE user_id = ${g1.id}`)).toBe(N);
    expect(count('SELECT count(*) AS n FROM grades WHERE confirmed = 1')).toBe(0);

    const when = tick();
    const second = confirmGrades(db, g2, 'T1', {}, when);
    expect(second.confirmed).toEqual(numbers);
    expect(count('SELECT count(*) AS n FROM confirmations')).toBe(2 * N);
    expect(count(`SELECT count(*) AS n FROM grades WHERE confirmed = 1 AND confirmed_at = '${when.toISOString()}'`)).toBe(N);

    const events = db.prepare("SELECT actor_id AS actor, subject, new FROM events WHERE kind = 'grades.confirm' ORDER BY id").all() as { actor: number; subject: string; new: string }[];
    expect(events.map((e) => e.subject)).toEqual([...numbers, ...numbers]);
    expect(events.slice(0, N).every((e) => e.actor === g1.id && JSON.parse(e.new).confirmed === false)).toBe(true);
    expect(events.slice(N).map((e) => [e.actor, JSON.parse(e.new)])).toEqual(
      numbers.map(() => [g2.id, { grade: 'B', points: null, committee: 'K1', confirmed: true, waitingFor: [] }]),
    );
  });
});
