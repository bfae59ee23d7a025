// Tables at a university's scale: 43,000 users (40,000 students, 3,000 staff of whom 2,000 hold
// roles), 1,500 tests with 310,000 candidates, one test of 1,500 candidates graded by two graders.
// Each table a person reads is set against the same command with --json, measured in the same run
// and interleaved so machine load hits both alike: a table should cost little more than the JSON
// (goal: ratio ≤ 1.5). Measured piped (what a script or `| less` gets) and, through `script`, on a
// terminal (bold headers, colour). The world is built with examctl's own domain functions (user
// import, role grants, test creation, candidate registration, grading), as the commands would.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, fmt, median, timeSpawn, tmp, universityUsers } from './lib.mjs';
import { openDatabase } from '../dist/db/open.js';
import { initDatabase } from '../dist/domain/people/init.js';
import { importUsers } from '../dist/domain/people/user-import.js';
import { grantRoles } from '../dist/domain/access/role-admin.js';
import { addLocation } from '../dist/domain/exams/locations.js';
import { createExam } from '../dist/domain/exams/create.js';
import { addCandidates } from '../dist/domain/candidates/candidate-admin.js';
import { addGraders, assignCandidates, createCommittee } from '../dist/domain/grading/committees.js';
import { requireExam } from '../dist/domain/exams/exams.js';
import { setGrade } from '../dist/domain/grading/grades.js';
import { findUser } from '../dist/domain/people/users.js';

const N = Number(process.env.BENCH_RUNS ?? 5);
const USERS = 43_000;
const STAFF = 3_000;
const TESTS = 1_500;
const CANDIDATES = 310_000;
const GRADED = 1_500;
const GOAL = 1.5;
const dir = tmp();
const file = path.join(dir, 'university.db');

const FIRST = ['Ola', 'Kari', 'Bjørn', 'Åse', 'Øystein', 'Ingrid', 'Jakob', 'Nora', 'Lukas', 'Emma', 'Håkon', 'Sigrid'];
const LAST = ['Nordmann', 'Hansen', 'Ødegård', 'Olsen', 'Berg', 'Bakke', 'Larsen', 'Aasen', 'Strøm', 'Dahl'];

function seed() {
  const t0 = process.hrtime.bigint();
  const now = new Date('2026-08-01T08:00:00Z');
  const db = openDatabase(file);
  initDatabase(db, { admin: 'admin', name: 'Exam Office' }, now);
  const admin = findUser(db, 'admin');
  const table = universityUsers(USERS - 1, STAFF, (i) => `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} ${i}`);
  const imported = importUsers(db, findUser(db, 'admin'), table, { mode: 'add', dryRun: false }, now);
  if (imported.counts.added !== USERS - 1) throw new Error(`user import: ${JSON.stringify(imported.counts)}`);
  const emp = (from, to) => Array.from({ length: to - from }, (_, i) => `emp${from + i}`);
  grantRoles(db, findUser(db, 'admin'), emp(0, 1500), ['grader'], now);
  grantRoles(db, findUser(db, 'admin'), emp(1500, 1800), ['planner'], now);
  grantRoles(db, findUser(db, 'admin'), emp(1800, 2000), ['author', 'invigilator'], now);
  for (let l = 0; l < 20; l++) addLocation(db, admin, { name: `Hall ${l}`, capacity: 300 + 50 * l }, now);

  let registered = GRADED;
  for (let t = 0; t < TESTS - 1; t++) {
    const code = `TDT${String(t).padStart(4, '0')}-2026H`;
    // Every 50th test is the grade registration of the next two (a portfolio), so parts show.
    const aggregate = t % 50 === 0 ? code : null;
    const partOf = t % 50 === 1 || t % 50 === 2 ? `TDT${String(t - (t % 50)).padStart(4, '0')}-2026H` : undefined;
    const day = new Date(Date.UTC(2026, 10, 20) + Math.floor(t / 40) * 86_400_000).toISOString().slice(0, 10);
    createExam(db, admin, code, {
      course: `TDT${String(t).padStart(4, '0')}`,
      year: 2026,
      term: 'autumn',
      title: `Course number ${t} with a title of ordinary length`,
      registration: aggregate !== null,
      ...(partOf ? { partOf } : {}),
      ...(aggregate ? {} : { start: `${day}T${t % 2 ? '09' : '15'}:00`, duration: 240, location: `Hall ${t % 20}` }),
    }, now);
    const n = t === TESTS - 2 ? CANDIDATES - registered : Math.floor(CANDIDATES / TESTS);
    addCandidates(db, admin, code, Array.from({ length: n }, (_, i) => String(1000 + i)), { status: 'submitted' }, now);
    registered += n;
  }
  // The 1,500th test, the graded one: private marking, two graders, every candidate marked by both.
  const graded = 'GRADED-2026H';
  createExam(db, admin, graded, { course: 'TMA4100', year: 2026, term: 'autumn', title: 'Calculus 1', marking: 'private' }, now);
  const numbers = Array.from({ length: GRADED }, (_, i) => String(1000 + i));
  addCandidates(db, admin, graded, numbers, { status: 'submitted' }, now);
  createCommittee(db, admin, graded, 'K1', now);
  addGraders(db, admin, graded, 'K1', ['emp0', 'emp1'], now);
  assignCandidates(db, admin, graded, 'K1', numbers, now);
  const exam = requireExam(db, graded);
  const letters = ['A', 'B', 'C', 'D', 'E', 'F'];
  for (const g of ['emp0', 'emp1']) {
    const grader = findUser(db, g);
    numbers.forEach((n, i) => setGrade(db, grader, exam, n, letters[(i + (g === 'emp1' ? i % 3 : 0)) % 6], { now }));
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Seconds one run takes on a terminal: under `script`, stdout is a pseudo-terminal. */
function timeOnTerminal(args) {
  const line = [process.execPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('script', ['-qec', line, '/dev/null'], {
    env: { ...process.env, NO_COLOR: undefined, TERM: 'xterm-256color' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`script ${line} failed (${r.status}): ${String(r.stderr).slice(0, 2000)}`);
  return s;
}

/** Median seconds of the table and of --json, interleaved, after one warm-up of each. */
function pair(timer, as, args) {
  const table = [BIN, '--db', file, '--as', as, ...args];
  const json = [BIN, '--db', file, '--as', as, '--json', ...args];
  timer(table);
  timer(json);
  const t = [];
  const j = [];
  for (let i = 0; i < N; i++) {
    t.push(timer(table));
    j.push(timer(json));
  }
  return { table: median(t), json: median(j) };
}

const seeded = seed();
console.log(`world built in ${seeded.toFixed(1)} s: ${USERS.toLocaleString('en')} users, ${TESTS.toLocaleString('en')} tests, ${CANDIDATES.toLocaleString('en')} candidates (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`);

const commands = [
  ['users list', 'admin', ['users', 'list']],
  ['roles list', 'admin', ['roles', 'list']],
  ['tests list', 'admin', ['tests', 'list']],
  // As one of its graders, who sees the marks.
  [`grades list (${GRADED.toLocaleString('en')} candidates)`, 'emp0', ['grades', 'list', 'GRADED-2026H']],
];
const terminal = spawnSync('script', ['--version']).status === 0;
let over = 0;
for (const [where, timer] of [['piped', timeSpawn], ...(terminal ? [['terminal', timeOnTerminal]] : [])]) {
  for (const [name, as, args] of commands) {
    const r = pair(timer, as, args);
    const ratio = r.table / r.json;
    if (ratio > GOAL) over++;
    console.log(`${`${name}, ${where}`.padEnd(42)} table ${fmt(r.table)}  --json ${fmt(r.json)}  ratio ${ratio.toFixed(2)}${ratio > GOAL ? '  OVER' : ''}`);
  }
}
if (!terminal) console.log('(no `script` command here: the terminal path was not measured)');

// Not tables, but the same world: capacity over one week against over all time (the index on
// start and end instants reads only the week), and db check's quick check against --full.
const timed = (args, as = 'admin') => {
  const a = [BIN, '--db', file, '--as', as, '--json', ...args];
  timeSpawn(a);
  return median(Array.from({ length: N }, () => timeSpawn(a)));
};
const week = timed(['capacity', '--from', '2026-12-01', '--to', '2026-12-07']);
const always = timed(['capacity', '--from', '2000-01-01']);
console.log(`capacity, one week ${fmt(week)}  all time ${fmt(always)}  ratio ${(week / always).toFixed(2)}`);
const quick = timed(['db', 'check']);
const full = timed(['db', 'check', '--full']);
console.log(`db check ${fmt(quick)}  db check --full ${fmt(full)}  ratio ${(full / quick).toFixed(2)}`);
console.log(`(median of ${N} interleaved runs each; goal: every table ≤ ${GOAL}× its --json): ${over ? `${over} OVER` : 'ok'}`);
if (process.env.BENCH_KEEP) console.log(`kept ${file}`);
else fs.rmSync(dir, { recursive: true, force: true });
