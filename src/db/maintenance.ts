import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './open.js';
import { sqliteOf, writeTx } from './open.js';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import { tempBeside } from '../formats/write-sheet.js';
import { requireUserAdmin } from '../domain/access/access.js';
import { recordEvent } from '../domain/log/events.js';
import type { User } from '../domain/people/user.js';

export interface BackupResult {
  database: string;
  backup: string;
  bytes: number;
  pages: number;
}

/** The permission a backup needs: it copies every grade and person, so user administrators only. */
export function requireBackupRight(actor: User) {
  requireUserAdmin(actor, 'back up the database');
  return actor;
}

/**
 * Copies the database with SQLite's backup API, consistent even while other processes write.
 * The copy is written beside the target under a temporary name (mode 0600) and renamed into place,
 * so a failed backup never leaves a half-written file under the name given. An existing file is
 * kept unless `overwrite`. (Asynchronous, unlike the rest of the domain: the backup API is.)
 */
export async function backupDatabase(
  db: Db,
  actor: User,
  target: string,
  opts: { overwrite: boolean; dbPath: string },
  now: Date,
): Promise<BackupResult> {
  requireBackupRight(actor);
  const dest = backupTarget(target, opts.overwrite, (d) => {
    // Compared through symbolic links: replacing the live database with its own copy would cut it off its WAL.
    const real = (f: string) => path.join(fs.realpathSync(path.dirname(path.resolve(f))), path.basename(f));
    return real(d) === real(opts.dbPath) || (fs.existsSync(d) && fs.realpathSync(d) === fs.realpathSync(opts.dbPath));
  });
  const tmp = tempBeside(dest);
  fs.closeSync(fs.openSync(tmp, 'wx', 0o600));
  let pages = 0;
  try {
    await sqliteOf(db).backup(tmp, {
      progress: (p: { totalPages: number }) => {
        pages = p.totalPages;
        return 1000;
      },
    });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, dest);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  const bytes = fs.statSync(dest).size;
  recordBackup(db, actor, dest, bytes, now);
  return { database: path.resolve(opts.dbPath), backup: dest, bytes, pages };
}

/**
 * Where a backup goes: a file in an existing directory, not the database itself (`isDatabase`),
 * not a directory, and an existing file only when it may be replaced.
 */
export function backupTarget(target: string, overwrite: boolean, isDatabase: (dest: string) => boolean): string {
  const dest = path.resolve(target);
  const dir = path.dirname(dest);
  if (!fs.existsSync(dir)) throw new NotFoundError(`${dir}: no such directory for the backup`);
  if (!fs.statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory; name a file in a directory for the backup`);
  if (isDatabase(dest)) throw new ConflictError(`${target} is the database itself; name another file for the backup`);
  if (fs.existsSync(dest) && fs.statSync(dest).isDirectory()) {
    throw new UsageError(`${target} is a directory; name a file for the backup (such as ${path.join(target, 'examctl-backup.db')})`);
  }
  if (fs.existsSync(dest) && !overwrite) throw new ConflictError(`${target} already exists; name a new file, or pass --yes to replace it`);
  return dest;
}

/** Records a finished backup in the log. */
export function recordBackup(db: Db, actor: User, dest: string, bytes: number, now: Date): void {
  writeTx(db, () => recordEvent(db, { actorId: actor.id, kind: 'db.backup', at: now.toISOString(), subject: dest, new: { file: dest, bytes } }));
}

export interface CheckResult {
  database: string;
  ok: boolean;
  /**
   * Which integrity check ran: `quick` (PRAGMA quick_check: every page and b-tree, every row's
   * types and NOT NULL and CHECK constraints) or `full` (PRAGMA integrity_check: also that every
   * index holds exactly its table's rows, and UNIQUE constraints).
   */
  check: IntegrityCheck;
  schemaVersion: number;
  /** The integrity check's lines, empty when it said "ok". */
  integrity: string[];
  foreignKeys: Array<{ table: string; rowid: number | null; parent: string; fkid: number }>;
}

export type IntegrityCheck = 'quick' | 'full';

/**
 * An integrity check (quick by default: the full one reads every index against its table, which
 * on a university's database takes many times longer) and foreign_key_check. Reads only; anyone
 * who can open the file may run it (the file's permissions are the boundary), also on a database
 * whose users are broken.
 */
export function checkDatabase(conn: Db, dbPath: string, check: IntegrityCheck = 'quick'): CheckResult {
  const db = sqliteOf(conn);
  // A damaged file can make either check fail outright; what it says is then the finding.
  const attempt = <T>(fn: () => T, onCorrupt: (msg: string) => T): T => {
    try {
      return fn();
    } catch (err) {
      const code = String((err as { code?: string }).code ?? '');
      if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return onCorrupt(`${code}: ${(err as Error).message}`);
      throw err;
    }
  };
  const pragma = check === 'full' ? 'integrity_check' : 'quick_check';
  const integrity = attempt(
    () => (db.pragma(pragma) as Record<string, string>[]).map((r) => r[pragma]!).filter((l) => l !== 'ok'),
    (msg) => [msg],
  );
  const fkProblems: string[] = [];
  const foreignKeys = attempt(
    () => db.pragma('foreign_key_check') as CheckResult['foreignKeys'],
    (msg) => (fkProblems.push(`foreign key check could not finish: ${msg}`), []),
  );
  integrity.push(...fkProblems);
  return {
    database: path.resolve(dbPath),
    ok: integrity.length === 0 && foreignKeys.length === 0,
    check,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    integrity,
    foreignKeys,
  };
}
