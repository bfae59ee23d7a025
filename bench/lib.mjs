// Shared by the benchmarks: timing of spawned commands and medians.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'examctl.js');

export function tmp() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'examctl-bench-'));
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Seconds one spawn of `node args...` takes, wall clock; throws if it fails. */
export function timeSpawn(args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return s;
}

/** Median of n runs, after one warm-up run (file cache, not the module cache: each run is a new process). */
export function medianSpawn(n, args, env) {
  timeSpawn(args, env);
  return median(Array.from({ length: n }, () => timeSpawn(args, env)));
}

export function examctl(args, env) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`examctl ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}

export const fmt = (s) => `${s.toFixed(3)} s`;

/**
 * A university's users as the rows of a users file (header first): `staff` employees emp0.., then
 * students s100000..; `nameOf(i)` names the i-th. Read by importUsers as a CSV table would be.
 */
export function universityUsers(count, staff, nameOf) {
  const rows = [['username', 'name', 'email', 'kind']];
  for (let i = 0; i < count; i++) {
    const isStaff = i < staff;
    const u = isStaff ? `emp${i}` : `s${100000 + i}`;
    rows.push([u, nameOf(i), `${u}@${isStaff ? '' : 'stud.'}ntnu.no`, isStaff ? 'employee' : 'student']);
  }
  return { file: 'users.csv', sheet: null, rows, rowOffset: 0, colOffset: 0, sha256: '', format: 'csv', sheets: [], hiddenRows: [], notes: [], shown: new Map() };
}
