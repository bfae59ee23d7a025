import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NotPermittedError } from '../../src/errors.js';
import { addCandidates, listCandidateViews, setCandidateStatus } from '../../src/domain/candidates/candidate-admin.js';
import { checkCapacity } from '../../src/domain/exams/capacity.js';
import { listCommittees } from '../../src/domain/grading/committees.js';
import { listContributors } from '../../src/domain/access/contributors.js';
import { createExam } from '../../src/domain/exams/create.js';
import { listExams } from '../../src/domain/exams/list.js';
import { requireExam } from '../../src/domain/exams/exams.js';
import { exportRows } from '../../src/domain/imports/grade-export.js';
import { createGroup, joinGroup, leaveGroup, listGroups } from '../../src/domain/candidates/groups.js';
import { addLocation, listLocations } from '../../src/domain/exams/locations.js';
import { buildReport } from '../../src/domain/grading/report.js';
import { findUser, type User } from '../../src/domain/people/users.js';
import { listGrades } from '../../src/domain/grading/visibility.js';
import { confirmGrades } from '../../src/domain/grading/confirm.js';
import { reopenGrades } from '../../src/domain/grading/reopen.js';
import { shareMarks } from '../../src/domain/grading/sharing.js';
import type { Db } from '../../src/db/open.js';
import { checkpoint, cli, copyDb, copyTarget, freshDbPath, openDb, tableNames, tmpDir, writeTemp } from '../helpers.js';
import { ON_PG } from '../engine.js';

/**
 * The permission matrix (SPEC §2, §3, §6; README "Who may do what"): every command × every kind of
 * actor, with the exit code the README and SPEC promise. A refusal must leave the database exactly
 * as it was (every row of every table, events included); a read that succeeds must not write; a
 * write that succeeds resets the database for the next row.
 *
 * The world (built once, with the real commands):
 *   T  points scale, grade registration test, private marking, per-candidate confirmation by one
 *      grader, open groups. K1 = g1 grading 101 (student stud; g1's mark from an import batch) and
 *      102 (confirmed); K2 = g2 grading 201 (g2's mark) and 202; 301 (grade of record) and 302 in
 *      no committee.
 *   P  a points part of T (planner ptr), where stud's candidate has 80 points: T can be aggregated.
 */

const ACTORS = [
  'admin', // user administrator with extended access (from init)
  'uadm', // user administrator without extended access
  'ptr', // planner, planner contributor on T
  'pnot', // planner, not on T
  'pext', // extended access, not on T
  'g1', // grader in K1 of T
  'g2', // grader in K2 of T
  'gnot', // grader role, not on T
  'rep', // reporter contributor on T
  'repnot', // reporter, not on T
  'inv', // invigilator contributor on T
  'auth', // author
  'stud', // student, candidate 101 on T
  'pdead', // planner contributor on T, deactivated
  'nobody', // not a user
] as const;
type Actor = (typeof ACTORS)[number];

const UA: Actor[] = ['admin', 'uadm'];
const PLANNER_ROLE: Actor[] = ['admin', 'ptr', 'pnot', 'pext'];
const PLANNER_ON_T: Actor[] = ['admin', 'ptr', 'pext'];
const USER_READERS: Actor[] = [...UA, 'ptr', 'pnot', 'pext'];
const SEES_T: Actor[] = [...PLANNER_ON_T, 'g1', 'g2', 'rep', 'inv', 'stud'];
const STAFF_SEES_T: Actor[] = SEES_T.filter((a) => a !== 'stud');

interface World {
  template: string;
  work: string;
  batch: number;
  csv: string;
  usersCsv: string;
  rolesCsv: string;
  candidatesCsv: string;
  backupDir: string;
}

interface Row {
  name: string;
  args: (w: World, actor: Actor) => string[];
  /** Actors for whom the command succeeds (exit 0); everyone else is refused with 3. */
  ok: Actor[];
  /** Exceptions to "0 or 3". */
  other?: Partial<Record<Actor, number>>;
  /** Whether a success writes: 'yes' (must change the database), 'no' (must not), 'maybe'. */
  writes: 'yes' | 'no' | 'maybe';
}

const ROWS: Row[] = [
  // Users and roles (README "Who may do what")
  { name: 'users add', args: () => ['users', 'add', 'newbie', '--name', 'New Bie'], ok: UA, writes: 'yes' },
  { name: 'users update', args: () => ['users', 'update', 'g1', '--name', 'Renamed'], ok: UA, writes: 'yes' },
  { name: 'users deactivate', args: () => ['users', 'deactivate', 'auth'], ok: UA, writes: 'yes' },
  { name: 'users reactivate', args: () => ['users', 'reactivate', 'pdead'], ok: UA, writes: 'yes' },
  { name: 'users list', args: () => ['users', 'list'], ok: USER_READERS, writes: 'no' },
  { name: 'users show (someone else)', args: () => ['users', 'show', 'g1'], ok: [...USER_READERS, 'g1'], writes: 'no' },
  { name: 'users show (itself)', args: (_, actor) => ['users', 'show', actor], ok: ACTORS.filter((a) => a !== 'pdead' && a !== 'nobody'), writes: 'no' },
  { name: 'users import', args: (w) => ['users', 'import', w.usersCsv], ok: UA, writes: 'yes' },
  { name: 'users explain', args: () => ['users', 'explain', 'g1', '--test', 'T'], ok: [...USER_READERS, 'g1'], writes: 'no' },
  { name: 'roles grant', args: () => ['roles', 'grant', 'auth', '--role', 'grader'], ok: UA, writes: 'yes' },
  { name: 'roles revoke', args: () => ['roles', 'revoke', 'gnot', '--role', 'grader'], ok: UA, writes: 'yes' },
  { name: 'roles extended grant', args: () => ['roles', 'extended', 'grant', 'ptr'], ok: ['admin'], writes: 'yes' },
  { name: 'roles extended revoke', args: () => ['roles', 'extended', 'revoke', 'pext'], ok: ['admin'], writes: 'yes' },
  { name: 'roles list', args: () => ['roles', 'list'], ok: USER_READERS, writes: 'no' },
  { name: 'roles list (itself)', args: (_, actor) => ['roles', 'list', actor], ok: ACTORS.filter((a) => a !== 'pdead' && a !== 'nobody'), writes: 'no' },
  { name: 'roles import', args: (w) => ['roles', 'import', w.rolesCsv], ok: UA, writes: 'yes' },
  // Tests, contributors, candidates, committees, groups, locations
  {
    name: 'tests create',
    args: () => ['tests', 'create', 'NEW', '--course', 'TDT4100', '--year', '2026', '--term', 'spring', '--title', 'New'],
    ok: PLANNER_ROLE,
    writes: 'yes',
  },
  // A part needs a planner of its aggregate (README: --part-of names a test the actor also plans).
  {
    name: 'tests create --part-of T',
    args: () => ['tests', 'create', 'NEWPART', '--course', 'TDT4100', '--year', '2026', '--term', 'spring', '--title', 'New', '--part-of', 'T'],
    ok: PLANNER_ON_T,
    writes: 'yes',
  },
  { name: 'tests update', args: () => ['tests', 'update', 'T', '--title', 'Renamed'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'tests show', args: () => ['tests', 'show', 'T'], ok: SEES_T, writes: 'no' },
  { name: 'tests list', args: () => ['tests', 'list'], ok: ACTORS.filter((a) => a !== 'pdead' && a !== 'nobody'), writes: 'no' },
  { name: 'tests check', args: () => ['tests', 'check', 'T'], ok: PLANNER_ON_T, writes: 'no' },
  {
    name: 'tests contributors add',
    args: () => ['tests', 'contributors', 'add', 'T', 'gnot', '--role', 'grader'],
    ok: PLANNER_ON_T,
    writes: 'yes',
  },
  { name: 'tests contributors remove', args: () => ['tests', 'contributors', 'remove', 'T', 'rep', '--role', 'reporter'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'tests contributors list', args: () => ['tests', 'contributors', 'list', 'T'], ok: STAFF_SEES_T, writes: 'no' },
  { name: 'tests thresholds (show)', args: () => ['tests', 'thresholds', 'T'], ok: PLANNER_ON_T, writes: 'no' },
  { name: 'tests thresholds --set', args: () => ['tests', 'thresholds', 'T', '--set', 'A=90'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'candidates add', args: () => ['candidates', 'add', 'T', '999'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'candidates status', args: () => ['candidates', 'status', 'T', 'absent', '202'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'candidates import', args: (w) => ['candidates', 'import', 'T', w.candidatesCsv], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'candidates list', args: () => ['candidates', 'list', 'T'], ok: SEES_T, writes: 'no' },
  { name: 'committees create', args: () => ['committees', 'create', 'T', 'K9'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'committees add-grader', args: () => ['committees', 'add-grader', 'T', 'K1', 'gnot'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'committees assign', args: () => ['committees', 'assign', 'T', 'K1', '302'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'committees list', args: () => ['committees', 'list', 'T'], ok: STAFF_SEES_T, writes: 'no' },
  // Open groups: a planner on the test, or the student for its own candidate.
  { name: 'groups create', args: () => ['groups', 'create', 'T', '--pin', '1234'], ok: [...PLANNER_ON_T, 'stud'], writes: 'yes' },
  { name: 'groups join (101 into 5555)', args: () => ['groups', 'join', 'T', '5555', '101'], ok: [...PLANNER_ON_T, 'stud'], writes: 'yes' },
  { name: 'groups join (someone else\'s candidate)', args: () => ['groups', 'join', 'T', '5555', '102'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'groups list', args: () => ['groups', 'list', 'T'], ok: SEES_T, writes: 'no' },
  // P has no group submission: that is the answer (5) for those who may act on P (planners on P, and
  // stud, a candidate on P), not for everyone else, who learn nothing about P (3).
  {
    name: 'groups create on P (group mode none)',
    args: () => ['groups', 'create', 'P', '--pin', '1234'],
    ok: [],
    other: { admin: 5, ptr: 5, pext: 5, stud: 5 },
    writes: 'no',
  },
  {
    name: 'groups join on P (group mode none)',
    args: () => ['groups', 'join', 'P', '1234', '101'],
    ok: [],
    other: { admin: 5, ptr: 5, pext: 5, stud: 5 },
    writes: 'no',
  },
  { name: 'groups leave on P (group mode none)', args: () => ['groups', 'leave', 'P', '101'], ok: [], other: { admin: 5, ptr: 5, pext: 5, stud: 5 }, writes: 'no' },
  { name: 'groups leave (201 out of 5555)', args: () => ['groups', 'leave', 'T', '201'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'groups check', args: () => ['groups', 'check', 'T'], ok: PLANNER_ON_T, writes: 'no' },
  { name: 'locations add', args: () => ['locations', 'add', 'Hall 9', '--capacity', '10'], ok: PLANNER_ROLE, writes: 'yes' },
  { name: 'locations list', args: () => ['locations', 'list'], ok: ACTORS.filter((a) => !['pdead', 'nobody', 'stud'].includes(a)), writes: 'no' },
  { name: 'capacity', args: () => ['capacity', '--from', '2020-01-01'], ok: PLANNER_ROLE, writes: 'no' },
  // Grades (issues 5 and 6)
  { name: 'grades set (K1 candidate)', args: () => ['grades', 'set', 'T', '101', '80'], ok: [...PLANNER_ON_T, 'g1'], writes: 'yes' },
  { name: 'grades set (K2 candidate)', args: () => ['grades', 'set', 'T', '201', '80'], ok: [...PLANNER_ON_T, 'g2'], writes: 'yes' },
  { name: 'grades set (no committee)', args: () => ['grades', 'set', 'T', '302', '80'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'grades set --final (K1 candidate)', args: () => ['grades', 'set', 'T', '101', '80', '--final'], ok: [...PLANNER_ON_T, 'g1'], writes: 'yes' },
  // Group 5555 = 201 (K2) and 302 (no committee): no grader may grade all of it.
  { name: 'grades set --group (K2 + no committee)', args: () => ['grades', 'set', 'T', '5555', '80', '--group'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'grades clear (K1 candidate)', args: () => ['--yes', 'grades', 'clear', 'T', '101'], ok: [...PLANNER_ON_T, 'g1'], writes: 'maybe' },
  // g2's file names a K1 candidate: a row error naming the committee (README: exit 2, nothing written).
  { name: 'grades import (K1 file)', args: (w) => ['grades', 'import', 'T', w.csv], ok: [...PLANNER_ON_T, 'g1'], other: { g2: 2 }, writes: 'yes' },
  { name: 'grades imports', args: () => ['grades', 'imports', 'T'], ok: [...PLANNER_ON_T, 'g1', 'g2'], writes: 'no' },
  { name: 'grades export', args: () => ['grades', 'export', 'T', '--format', 'json'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'grades list', args: () => ['grades', 'list', 'T'], ok: [...PLANNER_ON_T, 'g1', 'g2'], writes: 'no' },
  { name: 'grades list --committee K2', args: () => ['grades', 'list', 'T', '--committee', 'K2'], ok: [...PLANNER_ON_T, 'g2'], writes: 'no' },
  {
    name: 'grades sheet --committee K2',
    args: (w) => ['grades', 'sheet', 'T', '--committee', 'K2', '--output', path.join(w.backupDir, `s-${crypto.randomUUID()}.xlsx`)],
    ok: [...PLANNER_ON_T, 'g2'],
    writes: 'no',
  },
  { name: 'grades share --committee K2', args: () => ['grades', 'share', 'T', '--committee', 'K2'], ok: ['g2'], writes: 'yes' },
  // A committee's graders confirm its grades, and a planner on the test may too (README); K1's only
  // grader has not shared its private marks, so for a planner nothing is ready yet (5).
  {
    name: 'grades confirm --committee K1',
    args: () => ['grades', 'confirm', 'T', '--committee', 'K1'],
    ok: ['g1'],
    other: Object.fromEntries(PLANNER_ON_T.map((a) => [a, 5])),
    writes: 'yes',
  },
  { name: 'grades share', args: () => ['grades', 'share', 'T'], ok: ['g1', 'g2'], writes: 'yes' },
  // Graders confirm their committees; planners any candidate that is ready (301 has no committee).
  { name: 'grades confirm', args: () => ['grades', 'confirm', 'T'], ok: [...PLANNER_ON_T, 'g1', 'g2'], writes: 'yes' },
  { name: 'grades reopen --candidate 102', args: () => ['--yes', 'grades', 'reopen', 'T', '--candidate', '102'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'grades reopen', args: () => ['--yes', 'grades', 'reopen', 'T'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'grades undo (g1 batch)', args: (w) => ['grades', 'undo', String(w.batch)], ok: [...PLANNER_ON_T, 'g1'], writes: 'yes' },
  { name: 'grades aggregate', args: () => ['grades', 'aggregate', 'T', '--weights', 'P=1'], ok: PLANNER_ON_T, writes: 'yes' },
  { name: 'report', args: () => ['report', 'T'], ok: [...PLANNER_ON_T, 'rep'], writes: 'no' },
  { name: 'log', args: () => ['log'], ok: [...USER_READERS, 'rep', 'repnot'], writes: 'no' },
  // README: the log is for user administrators, planners and reporters, not per test.
  { name: 'log --test T', args: () => ['log', '--test', 'T'], ok: [...USER_READERS, 'rep', 'repnot'], writes: 'no' },
  { name: 'db backup', args: (w) => ['db', 'backup', path.join(w.backupDir, `b-${crypto.randomUUID()}.db`)], ok: UA, writes: 'yes' },
  // README: db check only reads and must work whoever asks (the file's permissions are the boundary).
  { name: 'db check', args: () => ['db', 'check'], ok: [...ACTORS], writes: 'no' },
];

/** Every row of every table, hashed: equal means the database did not change. */
function fingerprint(file: string): string {
  const db = openDb(file);
  try {
    const tables = tableNames(db);
    const h = crypto.createHash('sha256');
    for (const t of tables) {
      h.update(`\u0000${t}\u0000`);
      for (const r of db.prepare(`SELECT * FROM "${t}"`).raw().all()) h.update(JSON.stringify(r));
    }
    return h.digest('hex');
  } finally {
    db.close();
  }
}

function eventCount(file: string): number {
  const db = openDb(file);
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function must(args: string[], as: string, db: string): Promise<void> {
  const r = await cli(args, { db, as });
  if (r.code !== 0) throw new Error(`setup failed: examctl ${args.join(' ')} as ${as}: ${r.code}\n${r.stderr}`);
}

async function buildWorld(): Promise<World> {
  const db = freshDbPath('admin');
  const a = (args: string[]) => must(args, 'admin', db);
  const users: [string, string[], string?][] = [
    ['uadm', ['user-administrator']],
    ['ptr', ['planner']],
    ['pnot', ['planner']],
    ['pext', []],
    ['g1', ['grader']],
    ['g2', ['grader']],
    ['gnot', ['grader']],
    ['rep', ['reporter']],
    ['repnot', ['reporter']],
    ['inv', ['invigilator']],
    ['auth', ['author']],
    ['stud', [], 'student'],
    ['pdead', ['planner']],
  ];
  for (const [u, roles, kind] of users) {
    await a(['users', 'add', u, '--name', `${u} Name`, '--kind', kind ?? 'employee']);
    if (roles.length) await a(['roles', 'grant', u, '--role', ...roles]);
  }
  await a(['roles', 'extended', 'grant', 'pext']);
  await a([
    'tests', 'create', 'T', '--course', 'TDT4100', '--year', '2026', '--term', 'spring', '--title', 'Test T', '--scale', 'points',
    '--registration', '--marking', 'private', '--confirm', 'per-candidate', '--confirm-by', 'one', '--groups', 'open',
  ]);
  for (const [u, role] of [['ptr', 'planner'], ['rep', 'reporter'], ['inv', 'invigilator'], ['pdead', 'planner']]) {
    await a(['tests', 'contributors', 'add', 'T', u!, '--role', role!]);
  }
  await a(['tests', 'create', 'P', '--course', 'TDT4100', '--year', '2026', '--term', 'spring', '--title', 'Part P', '--scale', 'points', '--part-of', 'T']);
  await a(['tests', 'contributors', 'add', 'P', 'ptr', '--role', 'planner']);
  await a(['candidates', 'add', 'T', '101', '--student', 'stud', '--status', 'attended']);
  await a(['candidates', 'add', 'T', '102', '201', '202', '301', '302', '--status', 'attended']);
  await a(['committees', 'create', 'T', 'K1']);
  await a(['committees', 'add-grader', 'T', 'K1', 'g1']);
  await a(['committees', 'assign', 'T', 'K1', '101', '102']);
  await a(['committees', 'create', 'T', 'K2']);
  await a(['committees', 'add-grader', 'T', 'K2', 'g2']);
  await a(['committees', 'assign', 'T', 'K2', '201', '202']);
  await a(['candidates', 'add', 'P', '101', '--student', 'stud', '--status', 'submitted']);
  await a(['grades', 'set', 'P', '101', '80']);
  // 102: g1's mark, confirmed by g1 (a lone grader's confirmation shares and locks it).
  await must(['grades', 'set', 'T', '102', '70'], 'g1', db);
  await must(['grades', 'confirm', 'T', '--candidate', '102'], 'g1', db);
  // 101: g1's mark from an import batch (to undo).
  await must(['grades', 'import', 'T', writeTemp('g1.csv', 'Candidate number,Points\n101,75\n')], 'g1', db);
  await must(['grades', 'set', 'T', '201', '60'], 'g2', db);
  await a(['grades', 'set', 'T', '301', '50']);
  await a(['groups', 'create', 'T', '--pin', '5555', '--candidate', '201']);
  await a(['groups', 'join', 'T', '5555', '302']);
  await a(['users', 'deactivate', 'pdead']);

  const h = openDb(db);
  const batch = (h.prepare('SELECT max(id) AS id FROM batches').get() as { id: number }).id;
  checkpoint(h);
  h.close();
  const dir = tmpDir();
  const template = copyTarget(dir, 'template.db');
  copyDb(db, template);
  const work = copyTarget(dir, 'work.db');
  copyDb(template, work);
  return {
    template,
    work,
    batch,
    csv: writeTemp('k1.csv', 'Candidate number,Points\n101,66\n'),
    usersCsv: writeTemp('users.csv', 'username,name\nnewu,New User\n'),
    rolesCsv: writeTemp('roles.csv', 'username,role\nauth,grader\n'),
    candidatesCsv: writeTemp('candidates.csv', 'candidate number,status\n777,attended\n'),
    backupDir: tmpDir(),
  };
}

const CASES = ROWS.flatMap((row) =>
  ACTORS.map((actor) => ({ row, actor, expected: row.other?.[actor] ?? (row.ok.includes(actor) ? 0 : 3) })),
);

/** The system roles each actor of the world holds (planner where extended access implies it). */
const HOLDS: Record<Actor, string[]> = {
  admin: ['user-administrator', 'planner'],
  uadm: ['user-administrator'],
  ptr: ['planner'],
  pnot: ['planner'],
  pext: ['planner'],
  g1: ['grader'],
  g2: ['grader'],
  gnot: ['grader'],
  rep: ['reporter'],
  repnot: ['reporter'],
  inv: ['invigilator'],
  auth: ['author'],
  stud: [],
  pdead: ['planner'],
  nobody: [],
};
/** Who holds a contributor place on each test (graders through their committees). */
const PLACES: Record<string, Actor[]> = { T: ['ptr', 'rep', 'inv', 'g1', 'g2', 'pdead'], P: ['ptr'] };

/**
 * Why a refusal's first line does not explain itself, or null when it does: it must name the
 * actor and the thing missing, and that thing must really be missing (a role the actor lacks, a
 * contributor place it does not have, a committee it is not in, the privilege of extended access).
 */
function refusalProblem(actor: Actor, line: string): string | null {
  // On PostgreSQL the actor is the login the server authenticated, and it is named as a login.
  if (actor === 'nobody') return (ON_PG ? /^examctl: the login "nobody" is not a user of this database/ : /^examctl: acting user "nobody" is not a user of this database/).test(line) ? null : 'an unknown actor is named as such';
  if (actor === 'pdead') return /^examctl: acting user "pdead" is deactivated$/.test(line) ? null : 'a deactivated actor is named as such';
  if (new RegExp(`^examctl: ${actor} is not a grader in committee \\w+ on test \\w+$`).test(line)) return null;
  const m = new RegExp(`^examctl: ${actor} may not [^:]+: (.+)$`).exec(line);
  if (!m) return 'the refusal names the actor and what it may not do';
  const why = m[1]!;
  const roles = /^it needs the ([a-z-]+(?: or [a-z-]+)*) role$/.exec(why);
  if (roles) {
    const named = roles[1]!.split(' or ');
    return named.some((r) => HOLDS[actor].includes(r)) ? `it names a role the actor holds: ${why}` : null;
  }
  const place = /^not a contributor(?: \(([a-z]+)\))? on test (\w+)$/.exec(why);
  if (place) {
    if ((PLACES[place[2]!] ?? []).includes(actor)) return `the actor has a place on ${place[2]}`;
    return place[1] && !HOLDS[actor].includes(place[1]) ? `it names a place for a role the actor lacks: ${why}` : null;
  }
  if (why === 'a student account reaches no staff module') return actor === 'stud' ? null : 'only the student account is told it is a student';
  if (why === 'only a user administrator with extended access may do that') return actor === 'admin' || actor === 'pext' ? 'the actor has extended access' : null;
  const known = [
    /^the candidate is in committee \w+, not in one of \w+'s$/,
    /^the candidate is in no committee \(a planner may grade it, or assign it to a committee\)$/,
    /^not one of its graders$/,
    /^a student acts only for its own candidate \(\d+\)$/,
    /^its graders \([^)]*\) or a planner on the test confirm its grades$/,
  ];
  return known.some((k) => k.test(why)) ? null : `an unexplained refusal: ${why}`;
}

describe('permission matrix (SPEC §2, §3, §6)', () => {
  let w: World;
  let clean: string;
  let dirty = false;

  beforeAll(async () => {
    w = await buildWorld();
    clean = fingerprint(w.template);
  });

  it('the world is as described', () => {
    const db = openDb(w.template);
    try {
      const q = (s: string) => db.prepare(s).all();
      expect(q("SELECT username, active, extended FROM users WHERE username IN ('pdead', 'pext', 'admin') ORDER BY username")).toEqual([
        { username: 'admin', active: 1, extended: 1 },
        { username: 'pdead', active: 0, extended: 0 },
        { username: 'pext', active: 1, extended: 1 },
      ]);
      expect(q(`SELECT c.number, g.confirmed FROM grades g JOIN candidates c ON c.id = g.candidate_id JOIN exams x ON x.id = c.exam_id WHERE x.code = 'T' ORDER BY c.number`)).toEqual([
        { number: '102', confirmed: 1 },
        { number: '301', confirmed: 0 },
      ]);
      expect(q(`SELECT c.number, u.username FROM marks m JOIN candidates c ON c.id = m.candidate_id JOIN users u ON u.id = m.grader_id ORDER BY c.number`)).toEqual([
        { number: '101', username: 'g1' },
        { number: '102', username: 'g1' },
        { number: '201', username: 'g2' },
      ]);
    } finally {
      db.close();
    }
  });

  it.each(CASES.map((c) => [`${c.row.name} as ${c.actor} → ${c.expected}`, c] as const))('%s', async (_, { row, actor, expected }) => {
    if (dirty) {
      copyDb(w.template, w.work);
      dirty = false;
    }
    const events = eventCount(w.work);
    const r = await cli(row.args(w, actor), { db: w.work, as: actor });
    expect(r.code, `exit code; stderr: ${r.stderr}`).toBe(expected);
    const after = fingerprint(w.work);
    if (after !== clean) dirty = true;
    if (expected !== 0) {
      expect(eventCount(w.work), 'no event on a refusal').toBe(events);
      expect(after, 'a refusal changes nothing').toBe(clean);
      if (expected === 3) expect(r.stderr).toMatch(/^examctl: /);
      if (expected === 3) expect(refusalProblem(actor, r.stderr.split('\n')[0]!), r.stderr).toBeNull();
    } else if (row.writes === 'no') {
      expect(after, 'a read writes nothing').toBe(clean);
    } else if (row.writes === 'yes') {
      expect(after, 'a success writes').not.toBe(clean);
    }
  });
});

/**
 * SPEC §10: the checks live in the domain layer, not only behind the command line's requireActor.
 * A deactivated user handed straight to a domain operation may do nothing: neither the deactivated
 * planner on T, nor a deactivated student (its own group), nor a deactivated extended-access user.
 */
describe('deactivated actors in the domain layer (SPEC §10)', () => {
  const now = new Date();
  const cases: [string, (db: Db, u: Record<'pdead' | 'stud' | 'pext', User>) => unknown][] = [
    ['listLocations', (db, u) => listLocations(db, u.pdead)],
    ['addLocation', (db, u) => addLocation(db, u.pdead, { name: 'Hall 9', capacity: 10 }, now)],
    ['checkCapacity', (db, u) => checkCapacity(db, u.pdead, { from: new Date(0), to: null })],
    ['listExams (extended access)', (db, u) => listExams(db, u.pext)],
    ['listExams (student)', (db, u) => listExams(db, u.stud)],
    ['createExam', (db, u) => createExam(db, u.pdead, 'NEW', { course: 'TDT4100', year: '2026', term: 'spring', title: 'New' }, now)],
    ['createGroup (student, own candidate)', (db, u) => createGroup(db, u.stud, 'T', { pin: '1234' }, now)],
    ['joinGroup (student, own candidate)', (db, u) => joinGroup(db, u.stud, 'T', '5555', '101', undefined, now)],
    ['leaveGroup (planner on T)', (db, u) => leaveGroup(db, u.pdead, 'T', '201', now)],
    ['listGroups (student)', (db, u) => listGroups(db, u.stud, 'T')],
    ['listCandidateViews', (db, u) => listCandidateViews(db, u.pdead, 'T')],
    ['addCandidates', (db, u) => addCandidates(db, u.pdead, 'T', ['999'], {}, now)],
    ['setCandidateStatus', (db, u) => setCandidateStatus(db, u.pdead, 'T', 'absent', ['202'], now)],
    ['listCommittees', (db, u) => listCommittees(db, u.pdead, 'T')],
    ['listContributors', (db, u) => listContributors(db, u.pdead, 'T')],
    ['exportRows (extended access)', (db, u) => exportRows(db, u.pext, requireExam(db, 'T'))],
    ['listGrades (extended access)', (db, u) => listGrades(db, u.pext, 'T')],
    ['buildReport', (db, u) => buildReport(db, u.pdead, 'T')],
    ['shareMarks', (db, u) => shareMarks(db, u.pdead, 'T', {}, now)],
    ['confirmGrades', (db, u) => confirmGrades(db, u.pext, 'T', {}, now)],
    ['reopenGrades', (db, u) => reopenGrades(db, u.pdead, 'T', {}, now)],
  ];
  let file: string;
  let clean: string;

  beforeAll(async () => {
    const w = await buildWorld();
    file = w.work;
    clean = fingerprint(file);
  });

  it.each(cases)('%s refuses a deactivated actor and changes nothing', (_, call) => {
    const db = openDb(file);
    try {
      const user = (name: string): User => ({ ...findUser(db, name)!, active: false });
      let err: unknown;
      try {
        call(db, { pdead: findUser(db, 'pdead')!, stud: user('stud'), pext: user('pext') });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NotPermittedError);
      expect((err as Error).message).toContain('deactivated');
    } finally {
      db.close();
    }
    expect(fingerprint(file)).toBe(clean);
  });
});
