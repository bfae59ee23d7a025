import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { ConflictError, NotFoundError } from '../../errors.js';
import { tempBeside } from '../../formats/write-sheet.js';
import type { User } from '../../domain/people/user.js';
import type { Db } from '../open.js';
import { backupTarget, recordBackup, requireBackupRight, type BackupResult, type CheckResult } from '../maintenance.js';
import { safeUrl } from './open.js';
import { pgSchemaVersion } from './schema.js';
import { REFERENCES_BY_STATEMENT, referencesByStatement } from '../migrations/005-references-by-statement.js';
import type { PgDb } from './client.js';

const HOW = 'back the database up on a machine that has them: pg_dump --format=custom --schema=examctl --file <file> <database>';

/**
 * A backup on PostgreSQL is pg_dump's (custom format, the examctl schema): one consistent snapshot,
 * also while others write, that pg_restore reads back. It is written under a temporary name
 * (mode 0600) and renamed into place, as on SQLite. Without pg_dump on this machine it says how.
 */
export function backupPostgres(db: Db, actor: User, target: string, opts: { overwrite: boolean; url: string }, now: Date): BackupResult {
  requireBackupRight(actor);
  const dest = backupTarget(target, opts.overwrite, () => false);
  const tmp = tempBeside(dest);
  fs.closeSync(fs.openSync(tmp, 'wx', 0o600));
  const { url, password } = passwordApart(opts.url);
  const r = spawnSync('pg_dump', ['--format=custom', '--schema=examctl', '--no-owner', '--file', tmp, '--dbname', url], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    env: password === undefined ? process.env : { ...process.env, PGPASSWORD: password },
  });
  if (r.error || r.status !== 0) {
    fs.rmSync(tmp, { force: true });
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      throw new NotFoundError(`pg_dump is not installed here (PostgreSQL's client programs); ${HOW}`);
    }
    const why = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n')[0];
    throw new ConflictError(`pg_dump could not back up ${safeUrl(opts.url)}: ${why}; nothing was written`);
  }
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, dest);
  const bytes = fs.statSync(dest).size;
  recordBackup(db, actor, dest, bytes, now);
  return { database: safeUrl(opts.url), backup: dest, bytes, pages: 0 };
}

interface ForeignKey {
  name: string;
  child: string;
  parent: string;
  cols: string[];
  pcols: string[];
}

const FOREIGN_KEYS = `
  SELECT c.conname AS name, cl.relname AS child, pl.relname AS parent,
    (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(n, ord)
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS cols,
    (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(n, ord)
       JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS pcols
  FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class pl ON pl.oid = c.confrelid
  JOIN pg_namespace ns ON ns.oid = c.connamespace
  WHERE c.contype = 'f' AND ns.nspname = 'examctl' ORDER BY cl.relname, c.conname`;

/**
 * The same consistency rules as on SQLite: the schema version, and every reference pointing at a
 * row that exists, whether a foreign key or a statement's check keeps it (the server enforces
 * them; a constraint left unvalidated or a check's trigger disabled would not).
 * Page-level integrity is the server's own (data checksums, where the cluster has them).
 */
export function checkPostgres(db: PgDb, url: string, check: CheckResult['check']): CheckResult {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const version = pgSchemaVersion(db);
  const byStatement = version >= referencesByStatement.version ? REFERENCES_BY_STATEMENT : [];
  const keys = [
    ...(db.prepare(FOREIGN_KEYS).all() as ForeignKey[]),
    ...byStatement.map((r) => ({ name: r.name, child: r.table, parent: r.parent, cols: [r.column], pcols: ['id'] })),
  ];
  const foreignKeys: CheckResult['foreignKeys'] = [];
  const integrity: string[] = [];
  keys.forEach((k, fkid) => {
    const on = k.cols.map((c, i) => `p.${q(k.pcols[i]!)} = ch.${q(c)}`).join(' AND ');
    const set = k.cols.map((c) => `ch.${q(c)} IS NOT NULL`).join(' AND ');
    const sql = `SELECT count(*) AS n FROM ${q(k.child)} ch WHERE ${set} AND NOT EXISTS (SELECT 1 FROM ${q(k.parent)} p WHERE ${on})`;
    const n = (db.prepare(sql).get() as { n: number }).n;
    for (let i = 0; i < n; i++) foreignKeys.push({ table: k.child, rowid: null, parent: k.parent, fkid });
  });
  const unvalidated = db.prepare(
    "SELECT c.conname AS name FROM pg_constraint c JOIN pg_namespace ns ON ns.oid = c.connamespace WHERE ns.nspname = 'examctl' AND NOT c.convalidated",
  ).all() as { name: string }[];
  for (const u of unvalidated) integrity.push(`constraint ${u.name} is not validated`);
  const disabled = db.prepare(
    "SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = 'examctl' AND NOT t.tgisinternal AND t.tgenabled = 'D' ORDER BY t.tgname",
  ).all() as { name: string }[];
  for (const d of disabled) integrity.push(`trigger ${d.name}, which checks references, is disabled`);
  return { database: safeUrl(url), ok: integrity.length === 0 && foreignKeys.length === 0, check, schemaVersion: version, integrity, foreignKeys };
}

/** A password in the URL goes to pg_dump in its environment, not on its command line, where others could read it. */
function passwordApart(text: string): { url: string; password?: string } {
  const u = new URL(text);
  if (!u.password) return { url: text };
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), password };
}
