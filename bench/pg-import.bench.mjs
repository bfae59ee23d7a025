// On PostgreSQL: `grades import` of the 100,000 rows of bench/data/grades-100k.xlsx, each run into a
// fresh copy of one database holding the test and its 100,000 candidates, against a floor measured
// in the same run on the same server (bench/pg-import-floor.mjs: SheetJS's dense read of the same
// file, then one bare COPY of its rows into a one-table database). Both timed as whole processes,
// wall clock. Then `users list --json` start-up on PostgreSQL against `node -e 0`.
//
// The server: EXAMCTL_BENCH_PG (a superuser's URL), else a throwaway cluster started here with
// scripts/pg-test-cluster.sh (fsync off, as the tests run it: both sides of each ratio alike).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { BIN, ROOT, fmt, median, medianSpawn, tmp } from './lib.mjs';

const N = Number(process.env.BENCH_RUNS ?? 7);
const FILE = path.join(ROOT, 'bench', 'data', 'grades-100k.xlsx');
const ROWS = 100_000;
const dir = tmp();
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>{const r=process.resourceUsage();process.stderr.write('MAXRSS '+r.maxRSS+' CPU '+(r.userCPUTime+r.systemCPUTime)+'\\n')})`;

async function freePort(from) {
  for (let p = from; ; p++) {
    const used = await new Promise((resolve) => {
      const s = net.connect(p, '127.0.0.1');
      s.on('connect', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (!used) return p;
  }
}

let server = process.env.EXAMCTL_BENCH_PG;
let cluster;
if (!server) {
  cluster = path.join(dir, 'cluster');
  fs.mkdirSync(cluster, { mode: 0o755 });
  fs.chmodSync(dir, 0o755);
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'pg-test-cluster.sh'), 'start', cluster, String(await freePort(55470))], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not start a PostgreSQL cluster: ${r.stderr}`);
  server = r.stdout.trim();
}
const urlOf = (database) => {
  const u = new URL(server);
  u.pathname = `/${database}`;
  return u.toString();
};
const login = decodeURIComponent(new URL(server).username);

async function sql(database, text, values) {
  const c = new pg.Client({ connectionString: urlOf(database) });
  await c.connect();
  try {
    return (await c.query(text, values)).rows;
  } finally {
    await c.end();
  }
}

const made = [];
async function createDb(name, template = 'template0') {
  await sql('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await sql('postgres', `CREATE DATABASE ${name} TEMPLATE ${template} ENCODING 'UTF8' LOCALE 'C'`);
  made.push(name);
  return name;
}

function timed(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', RSS_HOOK, ...args], { env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 1 << 30 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  const m = /MAXRSS (\d+) CPU (\d+)/.exec(r.stderr);
  return { s, rss: Number(m?.[1] ?? NaN) * 1024, cpu: Number(m?.[2] ?? NaN) / 1e6, stdout: r.stdout };
}

try {
  // The base: initialised by examctl, then the test and its candidates in one statement.
  const base = await createDb('examctl_bench_base');
  const init = spawnSync(process.execPath, [BIN, '--db', urlOf(base), 'init', '--admin', login], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);
  await sql(base, `WITH x AS (
      INSERT INTO examctl.exams (code, course, year, term, title, scale, created_by, created_at)
      VALUES ('B1', 'BENCH', 2026, 'spring', 'bench', 'letter', 1, $1) RETURNING id)
    INSERT INTO examctl.candidates (exam_id, number, status)
    SELECT x.id, CAST(100000 + i AS text), 'submitted' FROM x, generate_series(0, ${ROWS - 1}) AS i`, [new Date().toISOString()]);
  await sql(base, 'VACUUM ANALYZE');

  const ours = [];
  const floor = [];
  const peaks = [];
  for (let i = 0; i <= N; i++) {
    const run = await createDb(`examctl_bench_run${i}`, base);
    const r = timed([BIN, '--db', urlOf(run), '--json', 'grades', 'import', 'B1', FILE]);
    const doc = JSON.parse(r.stdout);
    if (doc.counts.new !== ROWS) throw new Error(`expected ${ROWS} new grades, got ${JSON.stringify(doc.counts)}`);
    const stored = (await sql(run, 'SELECT count(*)::int AS n FROM examctl.grades'))[0].n;
    if (stored !== ROWS) throw new Error(`expected ${ROWS} grades stored, found ${stored}`);
    const floorDb = await createDb(`examctl_bench_floor${i}`);
    const f = timed([path.join(ROOT, 'bench', 'pg-import-floor.mjs'), FILE, urlOf(floorDb)]);
    await sql('postgres', `DROP DATABASE ${run} WITH (FORCE)`);
    await sql('postgres', `DROP DATABASE ${floorDb} WITH (FORCE)`);
    // The first round warms the caches and is not counted.
    if (i === 0) continue;
    ours.push(r.s);
    peaks.push(r.rss);
    floor.push(f.s);
  }
  const mOurs = median(ours);
  const mFloor = median(floor);
  console.log(`grades import on PostgreSQL, ${ROWS} rows (openpyxl .xlsx), ${N} runs`);
  console.log(`  examctl median      ${fmt(mOurs)}`);
  console.log(`  floor median        ${fmt(mFloor)}  (SheetJS dense read + one bare COPY into a one-table database, whole process)`);
  console.log(`  ratio               ${(mOurs / mFloor).toFixed(2)}  (goal ≤ 1.5)`);
  console.log(`  peak memory         ${(Math.max(...peaks) / 1024 / 1024).toFixed(0)} MB`);

  const runs = 15;
  const bare = medianSpawn(runs, ['-e', '0']);
  const list = medianSpawn(runs, [BIN, '--db', urlOf(base), '--json', 'users', 'list']);
  console.log(`users list --json on PostgreSQL, start-up, ${runs} runs`);
  console.log(`  node -e 0           ${fmt(bare)}`);
  console.log(`  examctl             ${fmt(list)}`);
  console.log(`  ratio               ${(list / bare).toFixed(2)}`);
} finally {
  for (const name of made.reverse()) await sql('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  if (cluster) spawnSync('bash', [path.join(ROOT, 'scripts', 'pg-test-cluster.sh'), 'stop', cluster]);
  fs.rmSync(dir, { recursive: true, force: true });
}
