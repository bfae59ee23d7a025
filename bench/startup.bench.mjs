// Start-up cost: `examctl users list --json` on a small database against a bare `node -e 0`,
// both measured here, interleaved so that machine load hits both alike. Goal: ratio ≤ 1.6.
import path from 'node:path';
import { BIN, examctl, fmt, median, timeSpawn, tmp } from './lib.mjs';

const N = Number(process.env.BENCH_RUNS ?? 21);
const db = path.join(tmp(), 'small.db');
const env = { EXAMCTL_DB: db, EXAMCTL_USER: 'admin' };
examctl(['init', '--admin', 'admin'], env);
for (let i = 0; i < 10; i++) examctl(['users', 'add', `user${i}`, '--name', `User ${i}`], env);

timeSpawn(['-e', '0']);
timeSpawn([BIN, '--json', 'users', 'list'], env);
const floor = [];
const cmd = [];
for (let i = 0; i < N; i++) {
  floor.push(timeSpawn(['-e', '0']));
  cmd.push(timeSpawn([BIN, '--json', 'users', 'list'], env));
}
const f = median(floor);
const c = median(cmd);
const ratio = c / f;
console.log(`node -e 0                     median ${fmt(f)} (${N} runs)`);
console.log(`examctl users list --json     median ${fmt(c)} (${N} runs, 11 users)`);
console.log(`ratio ${ratio.toFixed(2)} (goal ≤ 1.6) ${ratio <= 1.6 ? 'ok' : 'OVER'}`);
