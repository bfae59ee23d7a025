// The event log at a university's scale: a million events on one test and 100 on another.
// `log --json` of everything and `log --since` are timed with their peak memory; `log --test` of
// the small test is timed on that database and on one where the big test's events do not exist
// (its cost must follow the events it returns, not the log's size). Floor: `node -e 0`.
// The events are written by the log's own writer (dist/domain/log/events.js) in one transaction.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BIN, ROOT, examctl, fmt, median, medianSpawn, tmp } from './lib.mjs';

const BIG = Number(process.env.EXAMCTL_BENCH_EVENTS ?? 1_000_000);
const { openDatabase } = await import(path.join(ROOT, 'dist/db/open.js'));
const { recordEvent } = await import(path.join(ROOT, 'dist/domain/log/events.js'));

function build(file, big) {
  examctl(['--db', file, 'init', '--admin', 'admin', '--name', 'Ada Admin']);
  const base = ['--db', file, '--as', 'admin', 'tests', 'create'];
  examctl([...base, 'BIG', '--course', 'TDT4100', '--year', '2026', '--term', 'spring', '--title', 'Big']);
  examctl([...base, 'SMALL', '--course', 'TDT4101', '--year', '2026', '--term', 'spring', '--title', 'Small']);
  const db = openDatabase(file);
  const id = (code) => db.prepare('SELECT id FROM exams WHERE code = ?').get(code).id;
  const [bigId, smallId] = [id('BIG'), id('SMALL')];
  const t0 = Date.UTC(2026, 0, 1);
  db.transaction(() => {
    for (let i = 0; i < big; i++) {
      recordEvent(db, { actorId: 1, kind: i % 3 ? 'grades.set' : 'grades.confirm', at: new Date(t0 + i * 1000).toISOString(), examId: bigId, subject: String(100000 + (i % 100000)), old: { grade: 'C' }, new: { grade: 'B', points: 80 } });
    }
    for (let i = 0; i < 100; i++) {
      recordEvent(db, { actorId: 1, kind: 'grades.set', at: new Date(t0 + (big + i) * 1000).toISOString(), examId: smallId, subject: String(100 + i), old: null, new: { grade: 'A' } });
    }
  })();
  db.close();
}

/** Wall seconds and peak resident memory (MB) of one examctl run, its stdout thrown away. */
function timed(file, args) {
  const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} --db ${JSON.stringify(file)} --as admin ${args.join(' ')} > /dev/null`;
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', 'sh', '-c', cmd], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const [s, kb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { s, mb: kb / 1024 };
}

const dir = tmp();
const big = path.join(dir, 'big.db');
const small = path.join(dir, 'small.db');
let t = process.hrtime.bigint();
build(big, BIG);
build(small, 0);
console.log(`built ${BIG + 100} events in ${fmt(Number(process.hrtime.bigint() - t) / 1e9)}`);

const floor = medianSpawn(9, ['-e', '0']);
const runs = (args, n = 3) => {
  const rs = Array.from({ length: n }, () => timed(big, args));
  return { s: median(rs.map((r) => r.s)), mb: Math.max(...rs.map((r) => r.mb)) };
};
const all = runs(['--json', 'log']);
console.log(`log --json, ${BIG + 100} events: ${fmt(all.s)}, peak ${all.mb.toFixed(0)} MB (goal ≤ 200 MB)`);
const jl = runs(['log', '--jsonl']);
console.log(`log --jsonl, ${BIG + 100} events: ${fmt(jl.s)}, peak ${jl.mb.toFixed(0)} MB`);
const since = runs(['--json', 'log', '--since', '2026-01-01T00:00:00Z']);
console.log(`log --since (all ${BIG + 100} events): ${fmt(since.s)}, peak ${since.mb.toFixed(0)} MB (goal ≤ 5 s, ≤ 200 MB)`);
const sinceRecent = runs(['--json', 'log', '--since', new Date(Date.UTC(2026, 0, 1) + BIG * 1000).toISOString()], 5);
console.log(`log --since (the newest 100): ${fmt(sinceRecent.s)}`);
const onBig = median(Array.from({ length: 7 }, () => timed(big, ['--json', 'log', '--test', 'SMALL']).s));
const onSmall = median(Array.from({ length: 7 }, () => timed(small, ['--json', 'log', '--test', 'SMALL']).s));
console.log(`log --test SMALL (100 events): ${fmt(onBig)} beside ${BIG} other events, ${fmt(onSmall)} alone; ratio ${(onBig / onSmall).toFixed(2)} (goal ≤ 0.3 s)`);
console.log(`floor node -e 0: ${fmt(floor)}`);
