import { Command } from 'commander';
import type { Context } from '../../context.js';
import type { LogQuery } from '../../domain/log.js';
import { UsageError } from '../../errors.js';
import { action, type Deps } from '../runtime.js';

export interface LogOptions {
  test?: string;
  user?: string;
  since?: string;
  kind?: string;
  limit?: string;
}

/** A value for one table cell: short JSON, strings bare. */
function brief(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

export async function runLog(ctx: Context, opts: LogOptions) {
  const { readLog } = await import('../../domain/log.js');
  let limit: number | undefined;
  if (opts.limit !== undefined) {
    limit = Number(opts.limit);
    if (!/^\d+$/.test(opts.limit) || limit < 1) throw new UsageError(`--limit: "${opts.limit}" is not a whole number above 0`);
  }
  const q: LogQuery = { test: opts.test, user: opts.user, since: opts.since, kind: opts.kind, limit };
  const events = readLog(ctx.db, ctx.actor, q);
  if (ctx.out.json) ctx.out.emit(events);
  else if (events.length === 0) ctx.out.info('No events match.');
  else {
    ctx.out.table(
      ['at', 'actor', 'kind', 'test', 'subject', 'old', 'new'],
      events.map((e) => [e.at, e.actor, e.kind, e.test, e.subject, brief(e.old), brief(e.new)]),
    );
  }
  return events;
}

export function logReadCommand(deps: Deps): Command {
  return new Command('log')
    .description('read the event log: who changed what, when, old and new value')
    .option('--test <test>', 'only events on this test')
    .option('--user <username>', 'only events by this user or about it')
    .option('--since <date>', 'only events at or after this date (YYYY-MM-DD, local) or ISO 8601 time')
    .option('--kind <kind>', 'only this kind of event, or a prefix: users, roles.grant, grades...')
    .option('--limit <n>', 'only the latest n events')
    .action(action<LogOptions>(deps, (ctx, _args, opts) => runLog(ctx, opts)));
}
