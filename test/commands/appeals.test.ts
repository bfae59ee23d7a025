import { describe, expect, it } from 'vitest';
import { cli, freshDbPath, openDb, writeTemp, type CliResult } from '../helpers.js';
import { seedUsers } from '../domain/exams-support.js';

/**
 * Explanations and appeals of published grades, in-process with the clock fixed by EXAMCTL_NOW:
 * their deadlines, who may ask and date a request, what an appeal committee needs, and what an
 * appeal changes. Each world: test T1 (exam 2026-05-07), committee K1 (g1, g2) with candidates
 * 101-103 graded C, C, D and confirmed; 104 in K2 (g3) graded and not confirmed; the grades of
 * K1 transferred and published on 2026-05-29.
 */

const PUBLISHED = '2026-05-29';

function x(db: string, now: string) {
  return async (as: string, args: string[], code = 0): Promise<CliResult> => {
    const r = await cli(args, { db, as, env: { EXAMCTL_NOW: now } });
    expect(r.code, `examctl ${args.join(' ')} (as ${as}, at ${now})\n${r.stderr}${r.stdout}`).toBe(code);
    return r;
  };
}
const day = (d: string) => `${d}T12:00:00Z`;
const json = (r: CliResult) => JSON.parse(r.stdout);

async function world(o: { kind?: string; groups?: boolean } = {}) {
  const db = freshDbPath();
  seedUsers(db, [
    ['per', { roles: ['planner'] }],
    ['g1', { kind: 'employee', roles: ['grader'] }],
    ['g2', { kind: 'employee', roles: ['grader'] }],
    ['g3', { kind: 'employee', roles: ['grader'] }],
    ['g4', { kind: 'employee', roles: ['grader'] }],
    ['x1', { kind: 'external', roles: ['grader'] }],
    ['x2', { kind: 'external', roles: ['grader'] }],
    ['s1', { kind: 'student' }],
    ['s2', { kind: 'student' }],
    ['s3', { kind: 'student' }],
    ['s4', { kind: 'student' }],
  ]);
  const exam = x(db, day('2026-05-07'));
  await exam('per', [
    'tests', 'create', 'T1', '--course', 'TDT4100', '--year', '2026', '--term', 'spring', '--title', 'T', '--start', '2026-05-07T09:00',
    ...(o.kind ? ['--kind', o.kind] : []),
    ...(o.groups ? ['--groups', 'predefined'] : []),
  ]);
  for (const [n, s] of [['101', 's1'], ['102', 's2'], ['103', 's3'], ['104', 's4']]) await exam('per', ['candidates', 'add', 'T1', n!, '--student', s!]);
  await exam('per', ['committees', 'create', 'T1', 'K1']);
  await exam('per', ['committees', 'create', 'T1', 'K2']);
  await exam('per', ['committees', 'add-grader', 'T1', 'K1', 'g1', 'g2']);
  await exam('per', ['committees', 'add-grader', 'T1', 'K2', 'g3']);
  await exam('per', ['committees', 'assign', 'T1', 'K1', '101', '102', '103']);
  await exam('per', ['committees', 'assign', 'T1', 'K2', '104']);
  if (o.groups) {
    await exam('per', ['groups', 'create', 'T1', '--name', 'G1']);
    await exam('per', ['groups', 'join', 'T1', 'G1', '101']);
    await exam('per', ['groups', 'join', 'T1', 'G1', '102']);
    await exam('g1', ['grades', 'set', 'T1', 'G1', 'C', '--group']);
  } else {
    await exam('g1', ['grades', 'set', 'T1', '101', 'C']);
    await exam('g1', ['grades', 'set', 'T1', '102', 'C']);
  }
  await exam('g1', ['grades', 'set', 'T1', '103', 'D']);
  await exam('g3', ['grades', 'set', 'T1', '104', 'E']);
  await exam('g1', ['grades', 'confirm', 'T1']);
  const t = await x(db, day(PUBLISHED))('per', ['--json', 'grades', 'transfer', 'T1', '--format', 'json']);
  expect(json(t).rows.map((r: { candidate: string }) => r.candidate)).toEqual(['101', '102', '103']);
  return db;
}

/** Grade of record per candidate number. */
function grades(db: string): Record<string, { grade: string | null; confirmed: number }> {
  const d = openDb(db);
  try {
    const rows = d
      .prepare('SELECT c.number AS n, g.grade, g.confirmed FROM grades g JOIN candidates c ON c.id = g.candidate_id ORDER BY c.number')
      .all() as { n: string; grade: string | null; confirmed: number }[];
    return Object.fromEntries(rows.map((r) => [r.n, { grade: r.grade, confirmed: r.confirmed }]));
  } finally {
    d.close();
  }
}

/** What explanations and appeals hold, for "nothing changed". */
function records(db: string) {
  const d = openDb(db);
  try {
    return {
      explanations: d.prepare('SELECT * FROM explanations ORDER BY candidate_id').all(),
      appeals: d.prepare('SELECT * FROM appeals ORDER BY candidate_id').all(),
      events: (d.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n,
    };
  } finally {
    d.close();
  }
}

/** Files the appeal of 101 on the day, forms appeal committee A1 (x1, g4) and assigns it. */
async function appealOf101(db: string, on: string) {
  const at = x(db, day(on));
  await at('s1', ['appeals', 'file', 'T1', '101', '--reason', 'task 3']);
  await at('per', ['committees', 'create', 'T1', 'A1', '--appeal']);
  await at('per', ['committees', 'add-grader', 'T1', 'A1', 'x1', 'g4']);
  await at('per', ['committees', 'assign', 'T1', 'A1', '101']);
  return at;
}

describe('explanations and appeals: deadlines', () => {
  it('a request 8 days after publication is refused (5), naming the deadline; 7 days after is in time', async () => {
    const db = await world();
    const before = records(db);
    const late = await x(db, day('2026-06-06'))('s1', ['explanations', 'request', 'T1', '101'], 5);
    expect(late.stderr).toContain('the deadline was 2026-06-05');
    expect(records(db)).toEqual(before);
    const r = await x(db, day('2026-06-05'))('s2', ['--json', 'explanations', 'request', 'T1', '102']);
    expect(json(r)).toMatchObject({ candidate: '102', requested: '2026-06-05', deadline: '2026-06-19', given: null, state: 'requested' });
  });

  it('an appeal 20 days after an explanation given 10 days after publication is in time; without the explanation it is late', async () => {
    const db = await world();
    await x(db, day('2026-06-02'))('s1', ['explanations', 'request', 'T1', '101']);
    await x(db, day('2026-06-08'))('g1', ['explanations', 'give', 'T1', '101', '--text', 'Task 2 lacked the proof.']);
    const at = x(db, day('2026-06-28'));
    const ok = await at('s1', ['--json', 'appeals', 'file', 'T1', '101']);
    expect(json(ok)).toMatchObject({ candidate: '101', state: 'requested', received: '2026-06-28' });
    // 102 asked for nothing: its three weeks ran out on 2026-06-19.
    const late = await at('s2', ['appeals', 'file', 'T1', '102'], 5);
    expect(late.stderr).toContain('the deadline was 2026-06-19');
  });

  it('the deadline waits while an explanation is awaited', async () => {
    const db = await world();
    await x(db, day('2026-06-02'))('s1', ['explanations', 'request', 'T1', '101']);
    await x(db, day('2026-07-20'))('s1', ['appeals', 'file', 'T1', '101']);
  });
});

describe('who may ask, and when it is dated', () => {
  it('an unknown candidate is 4; an unpublished grade is 5', async () => {
    const db = await world();
    const at = x(db, day('2026-06-01'));
    await at('per', ['explanations', 'request', 'T1', '999'], 4);
    await at('per', ['appeals', 'file', 'T1', '999'], 4);
    await at('per', ['appeals', 'settle', 'T1', '999', 'B', '--reason', 'r'], 4);
    // 104 is graded but not confirmed, so not transferred: nothing is published to ask about.
    const before = records(db);
    const r = await at('s4', ['explanations', 'request', 'T1', '104'], 5);
    expect(r.stderr).toContain('not published');
    expect((await at('per', ['appeals', 'file', 'T1', '104'], 5)).stderr).toContain('not published');
    expect(records(db)).toEqual(before);
  });

  it('--received in the future is 2; a student dating its own request or appeal earlier is 3; a planner may', async () => {
    const db = await world();
    const at = x(db, day('2026-06-03'));
    const before = records(db);
    expect((await at('per', ['explanations', 'request', 'T1', '101', '--received', '2026-06-04'], 2)).stderr).toContain('in the future');
    expect((await at('per', ['appeals', 'file', 'T1', '101', '--received', '2026-06-04'], 2)).stderr).toContain('in the future');
    expect((await at('s1', ['explanations', 'request', 'T1', '101', '--received', '2026-06-01'], 3)).stderr).toContain('only a planner');
    expect((await at('s1', ['appeals', 'file', 'T1', '101', '--received', '2026-06-01'], 3)).stderr).toContain('only a planner');
    // Another student's candidate: 3.
    await at('s2', ['explanations', 'request', 'T1', '101'], 3);
    expect(records(db)).toEqual(before);
    const r = await at('per', ['--json', 'explanations', 'request', 'T1', '101', '--received', '2026-06-01']);
    expect(json(r)).toMatchObject({ requested: '2026-06-01', deadline: '2026-06-15' });
    // The student may give today's date, which is its own.
    await at('s2', ['explanations', 'request', 'T1', '102', '--received', '2026-06-03']);
  });
});

describe('appeals', () => {
  it('an oral test cannot be appealed, and says why', async () => {
    const db = await world({ kind: 'oral' });
    const before = records(db);
    const r = await x(db, day(PUBLISHED))('s1', ['appeals', 'file', 'T1', '101'], 5);
    expect(r.stderr).toContain('oral test');
    expect(r.stderr).toContain('not open to appeal');
    expect(records(db)).toEqual(before);
  });

  it('an appeal committee needs two graders, one external, none who graded the candidate: each refusal named', async () => {
    const db = await world();
    const at = x(db, day('2026-06-10'));
    // Formed before the appeal came: an original grader could still be added to it.
    await at('per', ['committees', 'create', 'T1', 'OLDHANDS', '--appeal']);
    await at('per', ['committees', 'add-grader', 'T1', 'OLDHANDS', 'g2', 'x2']);
    await at('s1', ['appeals', 'file', 'T1', '101', '--reason', 'task 3']);
    await at('per', ['committees', 'create', 'T1', 'A1', '--appeal']);
    await at('per', ['committees', 'create', 'T1', 'A2', '--appeal']);

    // One grader.
    await at('per', ['committees', 'add-grader', 'T1', 'A1', 'x1']);
    const one = await at('per', ['committees', 'assign', 'T1', 'A1', '101'], 5);
    expect(one.stderr).toContain('appeal committee A1 has 1 grader: an appeal needs at least two');
    // Two graders, none external.
    await at('per', ['committees', 'add-grader', 'T1', 'A2', 'g3', 'g4']);
    const internal = await at('per', ['committees', 'assign', 'T1', 'A2', '101'], 5);
    expect(internal.stderr).toContain('appeal committee A2 has no external grader');
    // An original grader in the committee.
    const again = await at('per', ['committees', 'assign', 'T1', 'OLDHANDS', '101'], 5);
    expect(again.stderr).toContain('g2 graded candidate 101 before');
    // And an original grader is not added to a committee while the appeal waits.
    const add = await at('per', ['committees', 'add-grader', 'T1', 'A1', 'g1'], 5);
    expect(add.stderr).toContain('g1 graded candidate 101 before');
    expect(json(await at('per', ['--json', 'appeals', 'list', 'T1']))[0]).toMatchObject({ committee: null, state: 'requested' });

    await at('per', ['committees', 'add-grader', 'T1', 'A1', 'g4']);
    await at('per', ['committees', 'assign', 'T1', 'A1', '101']);
    expect(json(await at('per', ['--json', 'appeals', 'list', 'T1']))[0]).toMatchObject({ committee: 'A1', state: 'in grading', original: 'C' });
  });

  it('C to B is confirmed without a further assessment; a second appeal is refused (5)', async () => {
    const db = await world();
    const at = await appealOf101(db, '2026-06-10');
    await at('x1', ['grades', 'set', 'T1', '101', 'B']);
    await at('x1', ['grades', 'confirm', 'T1']);
    expect(grades(db)['101']).toEqual({ grade: 'B', confirmed: 1 });
    expect(json(await at('per', ['--json', 'appeals', 'list', 'T1']))[0]).toMatchObject({ state: 'decided', original: 'C', grade: 'B' });
    const before = records(db);
    const second = await at('s1', ['appeals', 'file', 'T1', '101'], 5);
    expect(second.stderr).toContain('appealed already');
    await at('per', ['appeals', 'file', 'T1', '101'], 5);
    expect(records(db)).toEqual(before);
    // The others keep their grades.
    expect(grades(db)).toMatchObject({ '102': { grade: 'C', confirmed: 1 }, '103': { grade: 'D', confirmed: 1 } });
  });

  it('on a group test, only the appellant\'s grade changes', async () => {
    const db = await world({ groups: true });
    expect(grades(db)).toMatchObject({ '101': { grade: 'C', confirmed: 1 }, '102': { grade: 'C', confirmed: 1 } });
    const at = await appealOf101(db, '2026-06-10');
    await at('x1', ['grades', 'set', 'T1', '101', 'B']);
    await at('x1', ['grades', 'confirm', 'T1']);
    expect(grades(db)).toMatchObject({ '101': { grade: 'B', confirmed: 1 }, '102': { grade: 'C', confirmed: 1 } });
    const t = json(await x(db, day('2026-06-15'))('per', ['--json', 'grades', 'transfer', 'T1', '--format', 'json']));
    expect(t.rows).toEqual([{ candidate: '101', student: 's1', grade: 'B', points: null, confirmed: '2026-06-10', correction: true }]);
  });

  it('a group grade set by an appeal grader reaches no one but its appellant', async () => {
    const db = await world({ groups: true });
    const at = await appealOf101(db, '2026-06-10');
    await at('x1', ['grades', 'set', 'T1', 'G1', 'A', '--group'], 3);
    expect(grades(db)['102']).toEqual({ grade: 'C', confirmed: 1 });
  });
});

describe('explanations import', () => {
  async function requested() {
    const db = await world();
    const at = x(db, day('2026-06-02'));
    for (const [n, s] of [['101', 's1'], ['102', 's2'], ['103', 's3']]) await at(s!, ['explanations', 'request', 'T1', n!]);
    return { db, at: x(db, day('2026-06-09')) };
  }
  const texts = (db: string) => {
    const d = openDb(db);
    try {
      return Object.fromEntries(
        (d.prepare('SELECT c.number AS n, x.text FROM explanations x JOIN candidates c ON c.id = x.candidate_id ORDER BY c.number').all() as { n: string; text: string | null }[]).map(
          (r) => [r.n, r.text],
        ),
      );
    } finally {
      d.close();
    }
  };

  it('a good sheet records every explanation; an empty cell never removes one', async () => {
    const { db, at } = await requested();
    const good = writeTemp('begrunnelser.csv', 'kandidatnummer;begrunnelse\n101;Oppgave 2 manglet beviset.\n102;Oppgave 4 var halvveis.\n103;Lite i oppgave 1.\n');
    const r = await at('g1', ['--json', 'explanations', 'import', 'T1', good]);
    expect(json(r)).toMatchObject({ test: 'T1', given: ['101', '102', '103'], changed: [], unchanged: 0 });
    expect(texts(db)).toEqual({ '101': 'Oppgave 2 manglet beviset.', '102': 'Oppgave 4 var halvveis.', '103': 'Lite i oppgave 1.' });
    const list = json(await at('per', ['--json', 'explanations', 'list', 'T1']));
    expect(list.map((v: { state: string; given: string }) => [v.state, v.given])).toEqual([
      ['given', '2026-06-09'],
      ['given', '2026-06-09'],
      ['given', '2026-06-09'],
    ]);

    const blanks = writeTemp('blanks.csv', 'kandidatnummer;begrunnelse\n101;\n102;Oppgave 4 var halvveis, og 5 manglet.\n103;   \n');
    const again = await at('g2', ['--json', 'explanations', 'import', 'T1', blanks]);
    expect(json(again)).toMatchObject({ given: [], changed: ['102'], empty: 2 });
    expect(texts(db)).toEqual({ '101': 'Oppgave 2 manglet beviset.', '102': 'Oppgave 4 var halvveis, og 5 manglet.', '103': 'Lite i oppgave 1.' });
  });

  it('a sheet with bad rows is 2, naming every row (file, row, column, value), and changes nothing', async () => {
    const { db, at } = await requested();
    // 104 asked for nothing, 999 is no candidate, 101 comes twice, a row has text and no number.
    const bad = writeTemp('feil.csv', 'kandidatnummer;begrunnelse\n101;Bra.\n104;Ingen ba om den.\n999;Hvem?\n101;To ganger.\n;Uten nummer.\n');
    const before = records(db);
    const r = await at('g1', ['explanations', 'import', 'T1', bad], 2);
    expect(r.stderr).toContain('4 problems');
    expect(r.stderr).toMatch(/feil\.csv.*row 3, column A \(kandidatnummer\): found "104": no explanation was requested for candidate 104/);
    expect(r.stderr).toMatch(/feil\.csv.*row 4, column A \(kandidatnummer\): found "999": no candidate 999 on test T1/);
    expect(r.stderr).toMatch(/feil\.csv.*row 5, column A \(kandidatnummer\): found "101": candidate 101 is on row 2 already/);
    expect(r.stderr).toMatch(/feil\.csv.*row 6, column A \(kandidatnummer\)/);
    expect(records(db)).toEqual(before);
    expect(texts(db)).toEqual({ '101': null, '102': null, '103': null });
  });

  it('a grader of another committee may not explain, and the sheet says which row', async () => {
    const { db, at } = await requested();
    const sheet = writeTemp('k2.csv', 'kandidatnummer;begrunnelse\n101;Fra feil sensor.\n');
    const r = await at('g3', ['explanations', 'import', 'T1', sheet], 2);
    expect(r.stderr).toMatch(/row 2, column A \(kandidatnummer\): found "101": g3 may not explain candidate 101/);
    expect(texts(db)['101']).toBeNull();
  });
});
