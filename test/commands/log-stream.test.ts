import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { listEvents, recordEvent } from '../../src/domain/log/events.js';
import { eventQuery } from '../../src/domain/log/store.js';
import { run } from '../../src/run.js';
import { cli, openDb } from '../helpers.js';
import { seed } from '../grades/setup.js';

/** A database with `n` events on test T1 (and a few on T2), written through the log's own writer. */
function withEvents(n: number): string {
  const db = seed({ code: 'T1' }, { code: 'T2' });
  const conn = openDb(db);
  const ids = conn.prepare('SELECT id, code FROM exams').all() as { id: number; code: string }[];
  const t1 = ids.find((x) => x.code === 'T1')!.id;
  const t2 = ids.find((x) => x.code === 'T2')!.id;
  conn.transaction(() => {
    for (let i = 0; i < n; i++) {
      recordEvent(conn, { actorId: 1, kind: i % 2 ? 'grades.set' : 'grades.confirm', at: new Date(Date.UTC(2026, 4, 1, 0, 0, i)).toISOString(), examId: i % 10 ? t1 : t2, subject: String(100 + i), old: null, new: { grade: 'B', i } });
    }
  })();
  conn.close();
  return db;
}

/** Runs examctl with stdout that says it is a terminal. */
async function onTerminal(db: string, args: string[]) {
  const stdout = Object.assign(new PassThrough(), { isTTY: true });
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await run(['--db', db, '--as', 'admin', '--no-color', ...args], { streams: { stdout, stderr }, env: { HOME: '/tmp' }, interactive: false });
  return { code, stdout: out, stderr: err };
}

describe('log, streamed', () => {
  it('--json of 3,000 events is the same document as the whole log printed at once, and parses', async () => {
    const db = withEvents(3000);
    const r = await cli(['--json', 'log'], { db, as: 'admin' });
    expect(r.code, r.stderr).toBe(0);
    const conn = openDb(db);
    const all = listEvents(conn);
    conn.close();
    expect(r.stdout).toBe(JSON.stringify(all, null, 2) + '\n');
    expect(JSON.parse(r.stdout)).toHaveLength(all.length);
  });

  it('an empty log is [] in --json and nothing in --jsonl', async () => {
    const db = seed({ code: 'T1' });
    expect((await cli(['--json', 'log', '--kind', 'nothing.here'], { db, as: 'admin' })).stdout).toBe('[]\n');
    expect((await cli(['log', '--jsonl', '--kind', 'nothing.here'], { db, as: 'admin' })).stdout).toBe('');
  });

  it('--jsonl writes one event a line, each the same event as in --json', async () => {
    const db = withEvents(500);
    const lines = (await cli(['log', '--jsonl', '--test', 'T1', '--kind', 'grades.set'], { db, as: 'admin' })).stdout.trimEnd().split('\n');
    const doc = JSON.parse((await cli(['--json', 'log', '--test', 'T1', '--kind', 'grades.set'], { db, as: 'admin' })).stdout);
    expect(lines.map((l) => JSON.parse(l))).toEqual(doc);
    expect(doc.length).toBeGreaterThan(100);
    for (const e of doc) expect([e.test, e.kind]).toEqual(['T1', 'grades.set']);
  });

  it('on a terminal without --limit a person sees the newest 200 and is told how to see more; a pipe gets everything', async () => {
    const db = withEvents(450);
    const tty = await onTerminal(db, ['log', '--kind', 'grades']);
    expect(tty.code, tty.stderr).toBe(0);
    const rows = tty.stdout.trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(200);
    expect(rows.at(-1)).toContain('549');
    expect(tty.stderr).toContain('Showing the newest 200 of 450 events; see more with --limit <n>');
    const piped = await cli(['log', '--kind', 'grades'], { db, as: 'admin' });
    expect(piped.stdout.trimEnd().split('\n').slice(1)).toHaveLength(450);
    const limited = await onTerminal(db, ['log', '--kind', 'grades', '--limit', '300']);
    expect(limited.stdout.trimEnd().split('\n').slice(1)).toHaveLength(300);
    expect(limited.stderr).not.toContain('Showing');
  });

  it.each([
    ['--test', { examId: 1 }],
    ['--user', { userId: 1 }],
    ['--since', { since: '2026-05-01T00:00:00.000Z' }],
    ['--kind', { kind: 'grades' }],
    ['--test with --since', { examId: 1, since: '2026-05-01T00:00:00.000Z' }],
    ['--test with --limit', { examId: 1, limit: 10 }],
  ])('%s is answered through an index, never a scan of every event', (_name, filter) => {
    const db = withEvents(10);
    const conn = openDb(db);
    const { sql, params } = eventQuery(filter);
    const plan = (conn.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail);
    conn.close();
    const onEvents = plan.filter((d) => /\b(events|e)\b/.test(d) && !/users|exams/.test(d));
    expect(onEvents.length, plan.join('\n')).toBeGreaterThan(0);
    for (const d of onEvents) expect(d, plan.join('\n')).not.toMatch(/^SCAN (e|events)$/);
    expect(onEvents.join('\n')).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/);
  });
});
