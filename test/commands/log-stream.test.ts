import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { countEvents, listEvents, recordEvent } from '../../src/domain/log/events.js';
import { eventConditions, eventQuery } from '../../src/domain/log/store.js';
import { eventTexts } from '../../src/domain/log/store-json.js';
import { shownEvent } from '../../src/domain/log/log.js';
import { run } from '../../src/run.js';
import { cli, dbAs, openDb } from '../helpers.js';
import { ON_PG } from '../engine.js';
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
  const code = await run(['--db', dbAs(db, 'admin'), '--as', 'admin', '--no-color', ...args], { streams: { stdout, stderr }, env: { HOME: '/tmp' }, interactive: false });
  return { code, stdout: out, stderr: err };
}

/** Values that the JSON text written by SQLite must render exactly as JSON.stringify does. */
const ODD_VALUES: unknown[] = [
  null,
  { grade: 'B', points: 73.5 },
  { mark: 'admin', grade: 'C' },
  { mark: 'other', grade: 'D', points: -0.25 },
  { mark: null },
  { mark: 7, grade: 'E' },
  { mark: { nested: true } },
  [1, 'two', { three: [] }, {}],
  'a "quoted" string with \\ and \n and \t and \u0001 and æøå and 😀',
  { notes: ['x', { deep: { deeper: [null, true, false, 1e21, 1e-7] } }], empty: {}, none: [] },
  42,
  { 'odd key "mark"': 1, grade: 'A' },
];

/**
 * On PostgreSQL: with sequential scans priced out, a plan that still scans the events has no index
 * to use (a ten-event table is otherwise scanned whatever its indexes).
 */
function expectNoScanOnPostgres(db: string, filter: Parameters<typeof eventQuery>[0]): void {
  const conn = openDb(db);
  try {
    conn.prepare('SET enable_seqscan = off').run();
    const { sql, params } = eventQuery(filter);
    const plan = (conn.prepare(`EXPLAIN ${sql}`).all(params) as Record<string, string>[]).map((r) => Object.values(r)[0]).join('\n');
    expect(plan).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
    expect(plan).not.toMatch(/Seq Scan on events/);
  } finally {
    conn.prepare('RESET enable_seqscan').run();
    conn.close();
  }
}

describe('log, streamed', () => {
  it.skipIf(ON_PG)('the JSON text SQLite writes is the text JSON.stringify gives for the events as the reader is shown them', () => {
    const db = seed({ code: 'T1' }, { code: 'T2' });
    const conn = openDb(db);
    const t1 = (conn.prepare("SELECT id FROM exams WHERE code = 'T1'").get() as { id: number }).id;
    conn.transaction(() => {
      ODD_VALUES.forEach((v, i) => {
        const subject = i % 2 ? '105' : `10${i % 5}`;
        recordEvent(conn, { actorId: i % 3 ? 1 : null, kind: 'grades.set', at: `2026-05-01T00:00:0${i % 10}.000Z`, examId: i % 4 ? t1 : null, subject: i === 3 ? 'a "subject"' : subject, old: v, new: ODD_VALUES[(i + 5) % ODD_VALUES.length] });
      });
      recordEvent(conn, { actorId: 1, kind: 'grades.clear', at: '2026-05-02T00:00:00.000Z', examId: t1, subject: '105' });
    })();
    const all = listEvents(conn);
    for (const [reader, blind] of [['admin', []], ['other', [['T1', '105']]], ['admin', [['T1', '105'], ['T2', '1']]]] as [string, [string, string][]][]) {
      const keys = new Set(blind.map(([t, n]) => `${t}\u0000${n}`));
      const m = { readerId: reader === 'admin' ? 1 : 999, reader, blind };
      const shown = all.map((e) => shownEvent(e, reader, keys));
      const text = [...eventTexts(conn, {}, m, 'array')].join(',\n  ');
      expect(`[\n  ${text}\n]`).toBe(JSON.stringify(shown, null, 2));
      expect([...eventTexts(conn, {}, m, 'lines')].join('')).toBe(shown.map((e) => JSON.stringify(e) + '\n').join(''));
      const last = [...eventTexts(conn, { limit: 3 }, m, 'lines')].join('');
      expect(last).toBe(shown.slice(-3).map((e) => JSON.stringify(e) + '\n').join(''));
    }
    conn.close();
  });

  it('--json of 300,000 events is complete and parses; --jsonl is 300,000 lines, the same events', async () => {
    const db = withEvents(300_000);
    const conn = openDb(db);
    const total = countEvents(conn);
    conn.close();
    expect(total).toBeGreaterThanOrEqual(300_000);
    const r = await cli(['--json', 'log'], { db, as: 'admin' });
    expect(r.code, r.stderr).toBe(0);
    let doc: { id: number; subject: string }[] | null = JSON.parse(r.stdout);
    expect(doc).toHaveLength(total);
    expect(doc!.every((e, i) => i === 0 || e.id > doc![i - 1]!.id)).toBe(true);
    expect(doc!.at(-1)!.subject).toBe(String(100 + 299_999));
    const ends = [doc![0], doc!.at(-1)];
    doc = null;
    const l = await cli(['log', '--jsonl'], { db, as: 'admin' });
    expect(l.code, l.stderr).toBe(0);
    const lines = l.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(total);
    expect([JSON.parse(lines[0]!), JSON.parse(lines.at(-1)!)]).toEqual(ends);
  }, 120_000);

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
    if (ON_PG) return expectNoScanOnPostgres(withEvents(10), filter);
    const db = withEvents(10);
    const conn = openDb(db);
    const { sql, params } = eventQuery(filter);
    const plan = (conn.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((p) => p.detail);
    conn.close();
    const onEvents = plan.filter((d) => /\b(events|e)\b/.test(d) && !/users|exams/.test(d));
    expect(onEvents.length, plan.join('\n')).toBeGreaterThan(0);
    for (const d of onEvents) expect(d, plan.join('\n')).not.toMatch(/^SCAN (e|events)$/);
    expect(onEvents.join('\n')).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/);
  });

  it.skipIf(ON_PG).each([
    ['--test', { examId: 1 }, /events_exam(_id)? \(exam_id=\? AND rowid>\? AND rowid<\?\)/],
    ['--user', { userId: 1 }, /events_actor(_id)? \(actor_id=\? AND rowid>\? AND rowid<\?\)[\s\S]*events_subject_user(_id)? \(subject_user_id=\? AND rowid>\? AND rowid<\?\)/],
    ['--since', { since: '2026-05-01T00:00:00.000Z' }, /INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/],
    ['--kind', { kind: 'grades' }, /INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)|events_kind_id/],
  ])('%s written as JSON reads one window of ids at a time through an index', (_name, filter, uses) => {
    const db = withEvents(10);
    const conn = openDb(db);
    const { where, params } = eventConditions(filter, true);
    const plan = (conn.prepare(`EXPLAIN QUERY PLAN SELECT e.id FROM events e WHERE ${where.join(' AND ')} ORDER BY e.id`).all({ ...params, from: 1, to: 5 }) as { detail: string }[]).map((p) => p.detail);
    conn.close();
    expect(plan.join('\n')).toMatch(uses);
    for (const d of plan) expect(d, plan.join('\n')).not.toMatch(/^SCAN (e|events)( |$)/);
  });
});
