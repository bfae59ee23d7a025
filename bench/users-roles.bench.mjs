// Bulk work of a term start: `roles import` granting 500 users from one file, and
// `users list --json` on 5,000 users. Each is set against a floor measured in the same run:
// the start-up of examctl itself (`examctl --version`) plus better-sqlite3 doing the bare work
// (500 role rows inserted in one transaction; 5,000 user rows selected and JSON-encoded).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BIN, examctl, fmt, median, medianSpawn, timeSpawn, tmp } from './lib.mjs';

const N = Number(process.env.BENCH_RUNS ?? 7);
const dir = tmp();

function seed(file, users) {
  examctl(['init', '--admin', 'admin'], { EXAMCTL_DB: file, EXAMCTL_USER: 'admin' });
  const db = new Database(file);
  const ins = db.prepare(
    "INSERT INTO users (username, name, email, kind, logins, created_at) VALUES (?, ?, ?, 'employee', 'feide', '2026-01-01T00:00:00.000Z')",
  );
  db.transaction(() => {
    for (let i = 0; i < users; i++) ins.run(`user${i}`, `User Nummer ${i}`, `user${i}@ntnu.no`);
  })();
  db.close();
}

function bareInsert(file) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const t0 = process.hrtime.bigint();
  const ins = db.prepare("INSERT INTO user_roles (user_id, role) SELECT id, 'grader' FROM users WHERE username = ?");
  db.transaction(() => {
    for (let i = 0; i < 500; i++) ins.run(`user${i}`);
  }).immediate();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  db.close();
  return s;
}

function bareSelect(file) {
  const db = new Database(file, { readonly: true });
  const t0 = process.hrtime.bigint();
  const rows = db.prepare('SELECT * FROM users ORDER BY username').all();
  JSON.stringify(rows, null, 2);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  db.close();
  return s;
}

const startup = medianSpawn(N, [BIN, '--version']);

// roles import of 500 users, each run on a fresh copy so every run grants all 500.
const base = path.join(dir, 'base500.db');
seed(base, 600);
const file = path.join(dir, 'roles.csv');
fs.writeFileSync(file, ['username;role;action', ...Array.from({ length: 500 }, (_, i) => `user${i};grader;grant`)].join('\r\n'));
const importTimes = [];
const bareInserts = [];
for (let i = 0; i <= N; i++) {
  const copy = path.join(dir, `run${i}.db`);
  fs.copyFileSync(base, copy);
  const bare = path.join(dir, `bare${i}.db`);
  fs.copyFileSync(base, bare);
  const s = timeSpawn([BIN, 'roles', 'import', file], { EXAMCTL_DB: copy, EXAMCTL_USER: 'admin' });
  bareInserts.push(bareInsert(bare));
  if (i > 0) importTimes.push(s);
}
const imp = median(importTimes);
const impFloor = startup + median(bareInserts);
console.log(`roles import, 500 users granted      median ${fmt(imp)}  floor ${fmt(impFloor)}  ratio ${(imp / impFloor).toFixed(2)}`);

const big = path.join(dir, 'big5000.db');
seed(big, 5000);
const list = medianSpawn(N, [BIN, '--json', 'users', 'list'], { EXAMCTL_DB: big, EXAMCTL_USER: 'admin' });
const selFloor = startup + median(Array.from({ length: N }, () => bareSelect(big)));
console.log(`users list --json, 5,001 users       median ${fmt(list)}  floor ${fmt(selFloor)}  ratio ${(list / selFloor).toFixed(2)}`);
console.log(`(floor = examctl --version start-up ${fmt(startup)} + the bare better-sqlite3 work; ${N} runs each)`);
console.log(`goal: each well under 1 s: ${imp < 1 && list < 1 ? 'ok' : 'OVER'}`);
fs.rmSync(dir, { recursive: true, force: true });
