import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { openDatabase, type Db } from '../src/db/open.js';
import { initDatabase } from '../src/domain/people/init.js';
import { run } from '../src/run.js';
import type { Prompter } from '../src/ui/prompter.js';
import { ON_PG, asLogin, copyPgDatabaseTo, freshPgDatabase, newPgDatabaseUrl, onEngine } from './engine.js';

export { ON_PG } from './engine.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const BIN = path.join(ROOT, 'bin', 'examctl.js');

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test file. */
export function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'examctl-test-'));
  dirs.push(d);
  return d;
}

/** A new database file with the first administrator `admin` (extended access). */
export function freshDbPath(admin = 'admin'): string {
  if (ON_PG) {
    const url = freshPgDatabase();
    const db = openDatabase(asLogin(url, admin)!);
    initDatabase(db, { admin, name: 'Ada Admin' }, new Date());
    db.close();
    return url;
  }
  const file = path.join(tmpDir(), 'exam.db');
  const db = openDatabase(file);
  initDatabase(db, { admin, name: 'Ada Admin' }, new Date());
  db.close();
  return file;
}

/** Opens a database file for a domain test (or to inspect what a command wrote). */
export function openDb(file: string): Db {
  return openDatabase(file);
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  db?: string;
  as?: string;
  env?: NodeJS.ProcessEnv;
  prompter?: Prompter;
  /** Pretend stderr/stdin are a terminal (prompts allowed). */
  interactive?: boolean;
}

/** Runs examctl in-process with captured output. `db` and `as` become --db and --as. */
export async function cli(args: string[], o: CliOptions = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const given = [...(o.db ? ['--db', o.db] : []), ...(o.as ? ['--as', o.as] : []), ...args];
  const { args: argv, env } = onEngine(given, { ...o.env, EXAMCTL_DB: o.env?.EXAMCTL_DB });
  const code = await run(argv, {
    streams: { stdout, stderr },
    env: { ...env, HOME: o.env?.HOME ?? os.tmpdir() },
    prompter: o.prompter,
    interactive: o.interactive ?? false,
  });
  return { code, stdout: out, stderr: err };
}

/** Spawns the built binary (run `npm run build` first; `npm test` does). */
export function spawnCli(
  args: string[],
  o: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): Promise<CliResult> {
  const given = onEngine(args, o.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...given.args], {
      cwd: o.cwd ?? ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...given.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(o.input ?? '');
  });
}

/** Writes a text file in a temp dir and returns its path. */
export function writeTemp(name: string, content: string | Buffer): string {
  const file = path.join(tmpDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

/** A database that exists but holds nothing yet, for `init` to create: a file path, or an empty PostgreSQL database. */
export function emptyDb(dir: string, name = 'exam.db'): string {
  return ON_PG ? freshPgDatabase() : path.join(dir, name);
}

/** A name for a copy of a test database: a file in `dir` on SQLite, a new database on PostgreSQL. */
export function copyTarget(dir: string, name: string): string {
  return ON_PG ? newPgDatabaseUrl() : path.join(dir, name);
}

/** Makes `to` an exact copy of the database `from` (a closed file, or a database on the test server). */
export function copyDb(from: string, to: string): void {
  if (ON_PG) return copyPgDatabaseTo(from, to);
  for (const ext of ['-wal', '-shm']) fs.rmSync(to + ext, { force: true });
  fs.copyFileSync(from, to);
}

/** The names of examctl's tables, on either engine. */
export function tableNames(db: Db): string[] {
  const sql = ON_PG
    ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'examctl' AND table_name <> 'schema_version' ORDER BY name"
    : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
  return (db.prepare(sql).all() as { name: string }[]).map((t) => t.name);
}

/** Writes SQLite's WAL back into the file so that a copy of the file alone is whole (nothing on PostgreSQL). */
export function checkpoint(db: Db): void {
  if (!ON_PG) (db as unknown as { pragma(s: string): unknown }).pragma('wal_checkpoint(TRUNCATE)');
}

/**
 * What a database holds, hashed: the file's bytes on SQLite (so "unchanged" is byte for byte), every
 * row of every table on PostgreSQL.
 */
export function contentHash(target: string): string {
  const h = crypto.createHash('sha256');
  if (!ON_PG) return h.update(fs.readFileSync(target)).digest('hex');
  const db = openDatabase(target);
  try {
    for (const t of tableNames(db)) {
      const rows = db.prepare(`SELECT * FROM "${t}"`).raw().all().map((r) => JSON.stringify(r)).sort();
      h.update(`\u0000${t}\u0000${rows.join('\n')}`);
    }
  } finally {
    db.close();
  }
  return h.digest('hex');
}

/** Whether the text is anywhere in the database: in the file's bytes (after a checkpoint) on SQLite, in any row on PostgreSQL. */
export function databaseHolds(target: string, text: string): boolean {
  const db = openDatabase(target);
  try {
    if (!ON_PG) {
      checkpoint(db);
      return [target, `${target}-wal`].some((f) => fs.existsSync(f) && fs.readFileSync(f).includes(Buffer.from(text)));
    }
    return tableNames(db).some((t) => db.prepare(`SELECT * FROM "${t}"`).raw().all().some((r) => JSON.stringify(r).includes(text)));
  } finally {
    db.close();
  }
}

/** The database as the user reaches it: the URL with the user's login on PostgreSQL, the file unchanged. */
export function dbAs(target: string, user: string): string {
  return asLogin(target, user) ?? target;
}
