// After the grades at a term's scale: `deadlines` over 1,500 tests, and a test transfer and a real
// transfer of a test with 1,500 confirmed candidates. The database is built through the domain
// (dist/domain), as the commands build it. Floor: `node -e 0`, measured here; goal: each well under
// a second.
import path from 'node:path';
import { BIN, ROOT, examctl, fmt, median, timeSpawn, tmp } from './lib.mjs';

const TESTS = Number(process.env.EXAMCTL_BENCH_TESTS ?? 1500);
const CANDIDATES = Number(process.env.EXAMCTL_BENCH_CANDIDATES ?? 1500);
const N = Number(process.env.BENCH_RUNS ?? 7);
const d = (m) => import(path.join(ROOT, 'dist', m));
const { openDatabase } = await d('db/open.js');
const { findUser, addUser } = await d('domain/people/users.js');
const { createExam } = await d('domain/exams/create.js');
const { addCandidates } = await d('domain/candidates/candidate-admin.js');
const { requireExam } = await d('domain/exams/exams.js');
const { setGrade } = await d('domain/grading/grades.js');
const { confirmGrades } = await d('domain/grading/confirm.js');

const file = path.join(tmp(), 'term.db');
const env = { EXAMCTL_DB: file, EXAMCTL_USER: 'admin', EXAMCTL_NOW: '2026-06-15T12:00:00Z' };
examctl(['init', '--admin', 'admin', '--name', 'Ada Admin'], env);
let t = process.hrtime.bigint();
const db = openDatabase(file);
const admin = findUser(db, 'admin');
const now = new Date('2026-06-01T10:00:00Z');
const settings = (i) => ({ course: `C${i}`, year: '2026', term: 'spring', title: `Test ${i}`, start: `2026-05-${String(1 + (i % 28)).padStart(2, '0')}T09:00`, marking: 'shared' });
db.transaction(() => {
  for (let i = 0; i < TESTS; i++) {
    createExam(db, admin, `T${i}`, settings(i), now);
    addCandidates(db, admin, `T${i}`, ['1', '2'], {}, now);
  }
  createExam(db, admin, 'BIG', settings(0), now);
  for (let i = 0; i < CANDIDATES; i++) {
    addUser(db, admin, { username: `s${i}`, name: `Student ${i}`, kind: 'student' }, now);
    addCandidates(db, admin, 'BIG', [String(10000 + i)], { student: `s${i}` }, now);
  }
  const big = requireExam(db, 'BIG');
  for (let i = 0; i < CANDIDATES; i++) setGrade(db, admin, big, String(10000 + i), 'ABCDEF'[i % 6], { now });
  confirmGrades(db, admin, 'BIG', {}, now);
})();
db.close();
console.log(`built ${TESTS + 1} tests, ${TESTS * 2 + CANDIDATES} candidates in ${fmt(Number(process.hrtime.bigint() - t) / 1e9)}`);

const floor = [];
const runs = { deadlines: [], dry: [], transfer: [] };
timeSpawn(['-e', '0']);
for (let i = 0; i < N; i++) {
  floor.push(timeSpawn(['-e', '0']));
  runs.deadlines.push(timeSpawn([BIN, '--json', 'deadlines'], env));
  runs.dry.push(timeSpawn([BIN, '--json', 'grades', 'transfer', 'BIG', '--dry-run'], env));
}
// A real transfer once (a second one sends nothing new): the first is the one that carries 1,500 rows.
runs.transfer.push(timeSpawn([BIN, 'grades', 'transfer', 'BIG', '--output', path.join(path.dirname(file), 'transfer.csv')], env));
const f = median(floor);
console.log(`node -e 0                                   median ${fmt(f)} (${N} runs)`);
for (const [name, label] of [['deadlines', `deadlines --json (${TESTS + 1} tests)`], ['dry', `grades transfer --dry-run (${CANDIDATES} candidates)`], ['transfer', `grades transfer --output (${CANDIDATES} rows, once)`]]) {
  const m = median(runs[name]);
  console.log(`${label.padEnd(44)}median ${fmt(m)}  ratio ${(m / f).toFixed(2)}  ${m < 1 ? 'ok (< 1 s)' : 'OVER 1 s'}`);
}
