import { Command } from 'commander';
import type { Context } from '../../context.js';
import type { LogQuery } from '../../domain/log/log.js';
import { UsageError } from '../../errors.js';
import { action, type Deps } from '../runtime.js';
import { jsonArrayText, jsonLinesText, result } from '../../ui/result.js';
import { writePieces } from '../../ui/stream.js';

export interface LogOptions {
  test?: string;
  user?: string;
  since?: string;
  kind?: string;
  limit?: string;
  jsonl?: boolean;
}

/** What a person on a terminal is shown without --limit: the newest events, and how to see more. */
export const TERMINAL_LOG_LIMIT = 200;

/** A value for one table cell: short JSON, strings bare. */
function brief(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

export async function runLog(ctx: Context, opts: LogOptions) {
  const { streamLog, streamLogText } = await import('../../domain/log/log.js');
  let limit: number | undefined;
  if (opts.limit !== undefined) {
    limit = Number(opts.limit);
    if (!/^\d+$/.test(opts.limit) || limit < 1) throw new UsageError(`--limit: "${opts.limit}" is not a whole number above 0`);
  }
  // A person at a terminal sees the newest events; scripts and pipes get everything asked for.
  const forPerson = !ctx.out.json && !opts.jsonl && ctx.out.terminal && limit === undefined;
  const q: LogQuery = { test: opts.test, user: opts.user, since: opts.since, kind: opts.kind, limit: forPerson ? TERMINAL_LOG_LIMIT : limit };
  if (opts.jsonl) {
    // One event a line, with or without --json: the format is the option itself.
    const lines = streamLogText(ctx.db, ctx.actor, q, 'lines');
    return result({ json: jsonLinesText(lines), human: (page) => writePieces(page, lines) });
  }
  if (ctx.out.json) return result({ json: jsonArrayText(streamLogText(ctx.db, ctx.actor, q, 'array')) });
  const log = streamLog(ctx.db, ctx.actor, q);
  const rows = [...log.events].map((e) => [e.at, e.actor, e.kind, e.test, e.subject, brief(e.old), brief(e.new)]);
  const total = forPerson && rows.length === TERMINAL_LOG_LIMIT ? log.total() : rows.length;
  return result({
    human: { head: ['at', 'actor', 'kind', 'test', 'subject', 'old', 'new'], rows, empty: 'No events match.' },
    notes: total > rows.length ? [`Showing the newest ${rows.length} of ${total} events; see more with --limit <n>, or all with --json or --jsonl.`] : [],
  });
}

export function logReadCommand(deps: Deps): Command {
  return new Command('log')
    .description('read the event log: who changed what, when, old and new value')
    .option('--test <test>', 'only events on this test')
    .option('--user <username>', 'only events by this user or about it')
    .option('--since <date>', 'only events at or after this date (YYYY-MM-DD, local) or ISO 8601 time')
    .option('--kind <kind>', 'only this kind of event, or a prefix: users, roles.grant, grades...')
    .option('--limit <n>', `only the latest n events (on a terminal without it: the latest ${TERMINAL_LOG_LIMIT})`)
    .option('--jsonl', 'one JSON event per line (JSON Lines), written as it is read')
    .action(action<LogOptions>(deps, (ctx, _args, opts) => runLog(ctx, opts)));
}
