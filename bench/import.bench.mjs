// `grades import` of 100,000 rows written by openpyxl (bench/data/grades-100k.xlsx, made by
// fixtures/make/bench-openpyxl.py), each run into a fresh copy of one database holding the test and
// its 100,000 candidates. Set against a floor measured in the same run (bench/import-floor.mjs:
// SheetJS ESM read with dense: true, plus a bare one-transaction insert of the rows into a one-table
// database), both timed as whole processes, wall clock. Also the import's peak memory (maxRSS).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { BIN, ROOT, examctl, fmt, median, tmp } from './lib.mjs';
import { checkZip } from '../dist/formats/zip-guard.js';

const N = Number(process.env.BENCH_RUNS ?? 9);
const FILE = path.join(ROOT, 'bench', 'data', 'grades-100k.xlsx');
const ROWS = 100_000;
const dir = tmp();
// Prints the child's peak resident memory when it exits, whatever the exit path.
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>{const r=process.resourceUsage();process.stderr.write('MAXRSS '+r.maxRSS+' CPU '+(r.userCPUTime+r.systemCPUTime)+'\\n')})`;

const base = path.join(dir, 'base.db');
examctl(['init', '--admin', 'admin'], { EXAMCTL_DB: base, EXAMCTL_USER: 'admin' });
{
  const db = new Database(base);
  const at = new Date().toISOString();
  const exam = db
    .prepare(`INSERT INTO exams (code, course, year, term, title, scale, created_by, created_at) VALUES ('B1', 'BENCH', 2026, 'spring', 'bench', 'letter', 1, ?)`)
    .run(at).lastInsertRowid;
  const ins = db.prepare(`INSERT INTO candidates (exam_id, number, status) VALUES (?, ?, 'submitted')`);
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) ins.run(exam, String(100_000 + i));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

function timed(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', RSS_HOOK, ...args], {
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  const m = /MAXRSS (\d+) CPU (\d+)/.exec(r.stderr);
  return { s, rss: Number(m?.[1] ?? NaN) * 1024, cpu: Number(m?.[2] ?? NaN) / 1e6, stdout: r.stdout };
}

const fresh = (name) => {
  const f = path.join(dir, name);
  fs.copyFileSync(base, f);
  return f;
};

const ours = [];
const floor = [];
const oursCpu = [];
const floorCpu = [];
const peaks = [];
for (let i = 0; i <= N; i++) {
  const db = fresh(`run${i}.db`);
  const r = timed([BIN, '--db', db, '--as', 'admin', '--json', 'grades', 'import', 'B1', FILE]);
  const doc = JSON.parse(r.stdout);
  if (doc.counts.new !== ROWS) throw new Error(`expected ${ROWS} new grades, got ${JSON.stringify(doc.counts)}`);
  const f = timed([path.join(ROOT, 'bench', 'import-floor.mjs'), FILE, path.join(dir, `floor${i}.db`)]);
  // The first round warms the file cache and is not counted.
  if (i === 0) continue;
  ours.push(r.s);
  peaks.push(r.rss);
  floor.push(f.s);
  oursCpu.push(r.cpu);
  floorCpu.push(f.cpu);
}
const check = new Database(path.join(dir, `run${N}.db`), { readonly: true });
const stored = check.prepare('SELECT count(*) AS n FROM grades').get().n;
check.close();
if (stored !== ROWS) throw new Error(`expected ${ROWS} grades stored, found ${stored}`);

// What the zip guard (directory checks + a budgeted streaming inflate of every entry) costs on this file.
const bytes = fs.readFileSync(FILE);
const guard = [];
for (let i = 0; i < 7; i++) {
  const t0 = process.hrtime.bigint();
  await checkZip(bytes, FILE, { maxUnzippedBytes: 500 * 1024 * 1024 });
  guard.push(Number(process.hrtime.bigint() - t0) / 1e9);
}

const mOurs = median(ours);
const mFloor = median(floor);
const peak = Math.max(...peaks);
console.log(`grades import, ${ROWS} rows (openpyxl .xlsx, ${(fs.statSync(FILE).size / 1e6).toFixed(1)} MB), ${N} runs`);
console.log(`  examctl median      ${fmt(mOurs)}`);
console.log(`  floor median        ${fmt(mFloor)}  (SheetJS ESM dense read + one-transaction insert, whole process)`);
console.log(`  ratio               ${(mOurs / mFloor).toFixed(2)}  (goal ≤ 1.5)`);
// CPU time (user + system) moves less than wall time when other processes share the machine.
console.log(`  CPU time ratio      ${(median(oursCpu) / median(floorCpu)).toFixed(2)}  (${fmt(median(oursCpu))} / ${fmt(median(floorCpu))})`);
console.log(`  peak memory         ${(peak / 1024 / 1024).toFixed(0)} MB  (goal ≤ 400 MB)`);
console.log(`  zip guard           ${fmt(median(guard))}  (median of 7, in-process, on the same file)`);
fs.rmSync(dir, { recursive: true, force: true });
