// A term at a university's scale, built through examctl's own domain functions (user import, role
// grants, test creation, candidate registration, grades set by the office (a planner on every test) as `grades set` would),
// so that the event log holds what a term's work writes: every grade set, changed and changed again
// is an event. Then each command a person or script runs on such a database is timed whole
// (spawned, stdout to /dev/null) with its peak memory, medians of BENCH_RUNS. Floor: `node -e 0`.
// EXAMCTL_TERM_SCALE scales users, tests and candidates (1: 43,000 users, 1,500 tests, 310,000
// candidates); EXAMCTL_TERM_ROUNDS is how often every candidate's grade is set (3: about 930,000 events).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BIN, fmt, median, medianSpawn, tmp, universityUsers } from './lib.mjs';
import { openDatabase } from '../dist/db/open.js';
import { initDatabase } from '../dist/domain/people/init.js';
import { importUsers } from '../dist/domain/people/user-import.js';
import { grantRoles } from '../dist/domain/access/role-admin.js';
import { createExam } from '../dist/domain/exams/create.js';
import { addCandidates } from '../dist/domain/candidates/candidate-admin.js';
import { requireExam } from '../dist/domain/exams/exams.js';
import { setGrade } from '../dist/domain/grading/grades.js';
import { findUser } from '../dist/domain/people/users.js';
import { countEvents } from '../dist/domain/log/events.js';

const SCALE = Number(process.env.EXAMCTL_TERM_SCALE ?? 1);
const ROUNDS = Number(process.env.EXAMCTL_TERM_ROUNDS ?? 3);
const N = Number(process.env.BENCH_RUNS ?? 5);
const USERS = Math.round(43_000 * SCALE);
const STAFF = Math.max(10, Math.round(3_000 * SCALE));
const TESTS = Math.max(2, Math.round(1_500 * SCALE));
const PER_TEST = Math.floor((310_000 * SCALE) / TESTS);
const file = path.join(tmp(), 'term.db');
const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];
const code = (t) => `TDT${String(t).padStart(4, '0')}-2026H`;

function build() {
  const db = openDatabase(file);
  let now = new Date('2026-08-01T08:00:00Z');
  initDatabase(db, { admin: 'admin', name: 'Exam Office' }, now);
  const admin = findUser(db, 'admin');
  importUsers(db, admin, universityUsers(USERS - 1, STAFF, (i) => `Person ${i}`), { mode: 'add', dryRun: false }, now);
  grantRoles(db, admin, ['emp0', 'emp1'], ['planner'], now);
  const numbers = Array.from({ length: PER_TEST }, (_, i) => String(1000 + i));
  for (let t = 0; t < TESTS; t++) {
    createExam(db, admin, code(t), { course: `TDT${String(t).padStart(4, '0')}`, year: 2026, term: 'autumn', title: `Course ${t}` }, now);
    addCandidates(db, admin, code(t), numbers, { status: 'submitted' }, now);
  }
  // Grades in term order: round r sets every candidate's grade of every test, a second apart.
  const planner = admin;
  const exams = Array.from({ length: TESTS }, (_, t) => requireExam(db, code(t)));
  for (let r = 0; r < ROUNDS; r++) {
    for (const exam of exams) {
      db.transaction(() => {
        numbers.forEach((n, i) => {
          now = new Date(now.getTime() + 1000);
          setGrade(db, planner, exam, n, LETTERS[(i + r) % 6], { now });
        });
      })();
    }
  }
  const events = countEvents(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return events;
}

/** Wall seconds and peak resident memory (MB) of one examctl run, its stdout thrown away. */
function timed(args) {
  const cmd = [process.execPath, BIN, '--db', file, ...args].map((a) => JSON.stringify(a)).join(' ') + ' > /dev/null';
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', 'sh', '-c', cmd], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const [s, kb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { s, mb: kb / 1024 };
}

const t0 = process.hrtime.bigint();
const events = build();
console.log(`built ${USERS} users, ${TESTS} tests, ${TESTS * PER_TEST} candidates, ${events} events in ${fmt(Number(process.hrtime.bigint() - t0) / 1e9)}`);
const floor = medianSpawn(9, ['-e', '0']);
const last = code(TESTS - 1);
const commands = [
  ['log --since (every event)', ['--as', 'admin', '--json', 'log', '--since', '2026-08-01']],
  ['log --jsonl', ['--as', 'admin', 'log', '--jsonl']],
  [`log --test (${PER_TEST * ROUNDS} events)`, ['--as', 'admin', '--json', 'log', '--test', last]],
  ['users list --json', ['--as', 'admin', '--json', 'users', 'list']],
  ['users list (table)', ['--as', 'admin', 'users', 'list']],
  [`grades list (${PER_TEST} candidates)`, ['--as', 'admin', '--json', 'grades', 'list', last]],
  ['report', ['--as', 'admin', 'report', last]],
  ['db check', ['--as', 'admin', 'db', 'check']],
];
for (const [name, args] of commands) {
  timed(args);
  const rs = Array.from({ length: N }, () => timed(args));
  console.log(`${name}: ${fmt(median(rs.map((r) => r.s)))}, peak ${Math.max(...rs.map((r) => r.mb)).toFixed(0)} MB`);
}
console.log(`floor node -e 0: ${fmt(floor)}`);
