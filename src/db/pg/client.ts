import { createRequire } from 'node:module';
import type { MessagePort, Worker } from 'node:worker_threads';
import type { AheadRead, Port, RunResult, Statement, Transaction } from '../port.js';
import { translate, type Translated } from './dialect.js';
import { WORKER_SOURCE } from './worker-source.js';

/** An error as the server (or the connection) reported it, with its SQLSTATE in `code`. */
export class PgError extends Error {
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly constraint: string | undefined;
  readonly syscall: string | undefined;
  constructor(e: { message: string; code?: string; detail?: string; constraint?: string; syscall?: string }) {
    super(e.message);
    this.name = 'PgError';
    this.code = e.code;
    this.detail = e.detail;
    this.constraint = e.constraint;
    this.syscall = e.syscall;
  }
}

interface Answer {
  ok: boolean;
  rows?: unknown[];
  /** Many rows as arrays come as one array per column (the worker's columnsOf), made rows again on arrival. */
  columns?: unknown[][];
  rowCount?: number;
  error?: ConstructorParameters<typeof PgError>[0];
}

/**
 * The settings every examctl connection runs with: a bounded wait for locks (ten seconds, which
 * libpq's PGOPTIONS may change, e.g. `-c lock_timeout=30s`), then its own schema first and times in
 * UTC, which nothing changes.
 */
export function sessionOptions(env: NodeJS.ProcessEnv = process.env): string {
  return ['-c lock_timeout=10000', env.PGOPTIONS ?? '', '-c search_path=examctl,pg_catalog -c TimeZone=UTC'].filter(Boolean).join(' ');
}

/** Applied to every transaction's first statement: writers take turns on the whole database, as on SQLite. */
export const WRITE_LOCK = 0x6578616d; // 'exam'

/** The answer with its rows made again from the columns it came as, if it came so. */
function rowsOf(a: Answer): Answer {
  const cols = a.columns;
  if (!cols) return a;
  const n = cols[0]?.length ?? 0;
  const rows = new Array<unknown[]>(n);
  for (let i = 0; i < n; i++) {
    const row = new Array<unknown>(cols.length);
    for (let j = 0; j < cols.length; j++) row[j] = cols[j]![i];
    rows[i] = row;
  }
  return { ok: a.ok, rows, rowCount: a.rowCount };
}

/** A worker thread with node-postgres loaded, its request port and its wake-up flag. */
interface Thread {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

/**
 * Threads whose connection has ended, kept for the next connection in this process: starting a
 * thread and loading node-postgres costs more than connecting (a program that opens one database
 * never reuses one; the tests and the demo open many).
 */
const idle: Thread[] = [];

/** node:worker_threads, read when a first server connection starts (SQLite's commands never load it). */
let loaded: typeof import('node:worker_threads') | undefined;
const threads = () => (loaded ??= createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads'));

function startThread(): Thread {
  const { MessageChannel, Worker } = threads();
  const { port1, port2 } = new MessageChannel();
  const shared = new SharedArrayBuffer(4);
  const pgPath = createRequire(import.meta.url).resolve('pg');
  // node-postgres's own pgpass module (its dependency), looked up the way node-postgres would.
  const pgpassPath = createRequire(pgPath).resolve('pgpass');
  const urlParserPath = createRequire(pgPath).resolve('pg-connection-string');
  const copyPath = createRequire(import.meta.url).resolve('pg-copy-streams');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { pgPath, pgpassPath, urlParserPath, copyPath, flag: shared, port: port2 }, transferList: [port2] });
  worker.unref();
  port1.unref();
  return { worker, port: port1, flag: new Int32Array(shared) };
}

/** Starts a thread for the connection a command is about to open, unless one waits already. */
export function startThreadEarly(): void {
  if (idle.length === 0) idle.push(startThread());
}

/** Requests of one set-based write in flight at once, in a transaction (outside one, each waits for the one before). */
const IN_FLIGHT = 2;

/** Rows a cursor's FETCH brings at a time. */
const CURSOR_ROWS = 1000;

/**
 * A PostgreSQL connection behind the same synchronous port as better-sqlite3: each statement is
 * sent to the worker thread that holds the connection, and the caller waits for its answer.
 */
export class PgDb implements Port {
  readonly engine = 'postgres';
  private readonly thread: Thread;
  private depth = 0;
  private named = new Map<string, string>();
  private cursors = 0;
  /** A write transaction begun ahead (writeAhead): its requests not yet answered, its answers, where its reads' answers are. */
  private ahead: { state: 'begun' | 'failed' | 'started'; unanswered: number; answers: Answer[]; reads: Map<string, number> } | null = null;
  open = true;

  constructor(readonly url: string) {
    this.thread = idle.pop() ?? startThread();
    try {
      this.call({ op: 'connect', config: { connectionString: url, options: sessionOptions(), application_name: 'examctl' } });
    } catch (err) {
      void this.thread.worker.terminate();
      this.open = false;
      throw err;
    }
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /** Sends one request and waits for its answer. */
  call(msg: Record<string, unknown>): Answer {
    this.beforeRequest(msg);
    this.thread.port.postMessage(msg);
    const a = this.answer();
    if (!a.ok) throw new PgError(a.error!);
    return a;
  }

  /**
   * Sends the requests in order, in a transaction the next before the answer to the one before (two
   * in flight: the worker spells one while the server runs the other), and takes their answers in
   * order. None is sent after a failure, and the first failure is the one thrown (in a transaction
   * the server refuses every later statement for it).
   */
  callAll(msgs: Iterable<Record<string, unknown>>, onAnswer?: (k: number) => void): Answer[] {
    const answers: Answer[] = [];
    // Outside a transaction each statement commits by itself: none may be sent before the one before has succeeded.
    const window = this.depth > 0 ? IN_FLIGHT : 1;
    let failed: Answer | undefined;
    let sent = 0;
    const take = () => {
      const a = this.answer();
      answers.push(a);
      if (!a.ok) failed ??= a;
      onAnswer?.(answers.length - 1);
    };
    for (const m of msgs) {
      if (sent === 0) this.beforeRequest(m);
      // One running, one spelled and waiting: memory stays that of two sets.
      if (sent - answers.length >= window) take();
      if (failed) break;
      this.thread.port.postMessage(m);
      sent++;
    }
    while (answers.length < sent) take();
    if (failed) throw new PgError(failed.error!);
    return answers;
  }

  /** The next answer on the port; the worker counts its answers in the flag, which wakes the wait. */
  private answer(): Answer {
    const { flag, port } = this.thread;
    for (;;) {
      const seen = Atomics.load(flag, 0);
      const got = threads().receiveMessageOnPort(port);
      if (got) return rowsOf(got.message as Answer);
      Atomics.wait(flag, 0, seen, 60_000);
    }
  }

  /** Runs a translated statement; named statements are parsed once per connection. */
  query(t: Translated, params: unknown[], array = false): Answer {
    const a = this.ahead;
    if (a?.state === 'started') {
      // a read the transaction made when it was begun ahead: its answer, once
      const key = aheadKey(t.text, params, array);
      const k = a.reads.get(key);
      if (k !== undefined) {
        a.reads.delete(key);
        return a.answers[k]!;
      }
    }
    return this.call(this.queryMsg(t, params, array));
  }

  private queryMsg(t: Translated, params: unknown[], array: boolean): Record<string, unknown> {
    return { op: 'query', name: this.nameOf(t.text), text: t.text, values: t.values(params), array };
  }

  writeAhead(reads: readonly AheadRead[]): void {
    if (this.depth > 0 || this.ahead) return;
    const translated = reads.map((r) => ({ ...r, t: translate(r.sql) }));
    const msgs = [{ op: 'script', text: `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK})` }, ...translated.map((r) => this.queryMsg(r.t, r.params, r.raw))];
    for (const m of msgs) this.thread.port.postMessage(m);
    // answer 0 is the BEGIN's; read i's is i + 1
    const keys = translated.map((r, i) => [aheadKey(r.t.text, r.params, r.raw), i + 1] as const);
    this.ahead = { state: 'begun', unanswered: msgs.length, answers: [], reads: new Map(keys) };
  }

  dropAhead(): void {
    const a = this.ahead;
    if (!a || a.state === 'started') return;
    this.settleAhead();
    this.ahead = null;
    if (a.state === 'begun') this.rollbackAhead();
  }

  /** Takes the answers of a transaction begun ahead, in the order they come. */
  private settleAhead(): void {
    const a = this.ahead;
    while (a && a.unanswered > 0) {
      a.answers.push(this.answer());
      a.unanswered--;
    }
  }

  private rollbackAhead(): void {
    try {
      this.call({ op: 'script', text: 'ROLLBACK' });
    } catch {
      // the connection is gone; the server has rolled back
    }
  }

  /**
   * Before a request is sent: the answers of a transaction begun ahead are taken first (they come
   * before the request's own). Outside a transaction, a transaction begun ahead that failed (its
   * write lock not had in time, say) is rolled back, its failure kept for when the transaction
   * starts, and anything but a read ends one that did not, so that a write made there commits by
   * itself as it would have.
   */
  private beforeRequest(msg: Record<string, unknown>): void {
    const a = this.ahead;
    if (!a || a.state !== 'begun' || this.depth > 0) return;
    this.settleAhead();
    if (a.answers.some((x) => !x.ok)) {
      a.state = 'failed';
      this.rollbackAhead();
      return;
    }
    const text = typeof msg.text === 'string' ? msg.text : '';
    if (msg.op !== 'query' || !/^\s*SELECT\b/i.test(text)) this.dropAhead();
  }

  /** The transaction begun ahead becomes this one, or its first failure is thrown (and it is gone). */
  private startAhead(): void {
    const a = this.ahead!;
    if (a.state === 'begun') this.settleAhead();
    const failed = a.answers.find((x) => !x.ok);
    if (failed) {
      this.dropAhead();
      this.ahead = null;
      throw new PgError(failed.error!);
    }
    a.state = 'started';
  }

  /** The name a statement is prepared under on this connection, given at its first use. */
  private nameOf(text: string): string {
    let name = this.named.get(text);
    if (name === undefined) this.named.set(text, (name = `s${this.named.size + 1}`));
    return name;
  }

  /**
   * Runs one statement once per list of parameters, in order, as callAll sends them; `onAnswer`
   * hears of each answer as it comes.
   */
  runAll(sql: string, paramSets: Iterable<unknown[]>, onAnswer?: (k: number) => void): void {
    const t = translate(sql);
    const name = this.nameOf(t.text);
    function* requests() {
      for (const params of paramSets) yield { op: 'query', name, text: t.text, values: t.values(params), array: true };
    }
    this.callAll(requests(), onAnswer);
  }

  /**
   * Runs one COPY ... FROM STDIN per set of rows (each set one array per column), in order, as
   * callAll sends them; `onAnswer` hears of each answer as it comes.
   */
  copyAll(copy: string, sets: Iterable<unknown[][]>, onAnswer?: (k: number) => void): void {
    function* requests() {
      for (const columns of sets) yield { op: 'copy', text: copy, columns };
    }
    this.callAll(requests(), onAnswer);
  }

  /** Declares a cursor over the statement with its parameters; its name. */
  declareCursor(t: Translated, params: unknown[]): string {
    const name = `examctl_cursor_${++this.cursors}`;
    this.call({ op: 'query', text: `DECLARE ${name} NO SCROLL CURSOR WITH HOLD FOR ${t.text}`, values: t.values(params) });
    return name;
  }

  prepare(sql: string): Statement {
    return new PgStatement(this, translate(sql));
  }

  exec(sql: string): this {
    this.call({ op: 'script', text: sql });
    return this;
  }

  transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F> {
    const run = (...args: Parameters<F>): ReturnType<F> => this.inTx(() => fn(...args) as ReturnType<F>);
    return Object.assign(run, { immediate: run }) as Transaction<F>;
  }

  /**
   * A top-level transaction begins by taking the database's write lock (released at its end), so
   * that writers take turns and each one's checks read what every earlier writer committed; one
   * inside it is a savepoint. A wait over lock_timeout ends with SQLSTATE 55P03.
   */
  private inTx<T>(fn: () => T): T {
    const top = this.depth === 0;
    const sp = `sp${this.depth}`;
    if (top && this.ahead) this.startAhead();
    else this.exec(top ? `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK})` : `SAVEPOINT ${sp}`);
    this.depth++;
    try {
      const out = fn();
      if (out instanceof Promise) throw new TypeError('a transaction function must not be async');
      this.depth--;
      if (top) this.ahead = null;
      this.exec(top ? 'COMMIT' : `RELEASE SAVEPOINT ${sp}`);
      return out;
    } catch (err) {
      this.depth--;
      if (top) this.ahead = null;
      try {
        this.exec(top ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${sp}; RELEASE SAVEPOINT ${sp}`);
      } catch {
        // the connection is gone; the server has rolled back
      }
      throw err;
    }
  }

  close(): void {
    if (!this.open) return;
    this.settleAhead();
    this.ahead = null;
    this.open = false;
    try {
      this.call({ op: 'end' });
      if (idle.length < 2) idle.push(this.thread);
      else void this.thread.worker.terminate();
    } catch {
      void this.thread.worker.terminate();
    }
  }
}

const aheadKey = (text: string, params: unknown[], array: boolean) => `${array ? 'a' : 'o'}${text}\u0000${JSON.stringify(params)}`;

class PgStatement implements Statement {
  private asArray = false;
  private plucked = false;
  constructor(
    private readonly db: PgDb,
    private readonly t: Translated,
  ) {}

  raw(toggle = true): this {
    this.asArray = toggle;
    return this;
  }

  pluck(toggle = true): this {
    this.plucked = toggle;
    return this;
  }

  private rows(params: unknown[]): unknown[] {
    const rows = this.db.query(this.t, params, this.asArray || this.plucked).rows ?? [];
    return this.plucked ? rows.map((r) => (r as unknown[])[0]) : rows;
  }

  get(...params: unknown[]): unknown {
    return this.rows(params)[0];
  }

  all(...params: unknown[]): unknown[] {
    return this.rows(params);
  }

  /**
   * A query's rows a thousand at a time through a server-side cursor, so that a log of millions
   * never sits in memory here (WITH HOLD: it outlives the transaction it may be read in).
   */
  *iterate(...params: unknown[]): IterableIterator<unknown> {
    if (!/^\s*(SELECT|WITH)\b/i.test(this.t.text)) return yield* this.rows(params);
    const cursor = this.db.declareCursor(this.t, params);
    try {
      for (;;) {
        const rows = this.db.call({ op: 'query', text: `FETCH ${CURSOR_ROWS} FROM ${cursor}`, values: [], array: this.asArray || this.plucked }).rows ?? [];
        yield* this.plucked ? rows.map((r) => (r as unknown[])[0]) : rows;
        if (rows.length < CURSOR_ROWS) break;
      }
    } finally {
      this.db.call({ op: 'query', text: `CLOSE ${cursor}`, values: [] });
    }
  }

  run(...params: unknown[]): RunResult {
    const a = this.db.query(this.t, params, true);
    const rows = (a.rows ?? []) as unknown[][];
    const last = this.t.returnsId && rows.length ? Number(rows[rows.length - 1]![0]) : 0;
    return { changes: a.rowCount ?? 0, lastInsertRowid: last };
  }
}
