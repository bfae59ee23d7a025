import { Command } from 'commander';
import type { Context } from '../../context.js';
import { ConflictError, UsageError } from '../../errors.js';
import { checkCapacity } from '../../domain/exams/capacity.js';
import { formatLocal, localIso, requireTime } from '../../domain/time.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export interface CapacityOptions {
  from?: string;
  to?: string;
  strict?: boolean;
}

/** A date alone is a whole local day: --from starts at its midnight, --to includes it. */
function bound(key: 'from' | 'to', text: string, end: boolean): Date {
  const p = requireTime(text, key);
  if (end && p.dateOnly) {
    const d = new Date(p.date);
    d.setDate(d.getDate() + 1);
    return d;
  }
  return p.date;
}

/** `2026-12-01 09:00 - 12:00`, with the end's date only when it is another day. */
function windowText(from: Date, to: Date): string {
  const a = formatLocal(from);
  const b = formatLocal(to);
  return `${a} - ${a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b}`;
}

export function runCapacity(ctx: Context, opts: CapacityOptions) {
  const now = ctx.now();
  const from = opts.from ? bound('from', opts.from, false) : new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const to = opts.to ? bound('to', opts.to, true) : null;
  if (to && to <= from) throw new UsageError('--to must come after --from');
  const report = checkCapacity(ctx.db, ctx.actor, { from, to });
  const doc = {
    from: localIso(from),
    to: to && localIso(to),
    windows: report.windows.map((w) => ({
      location: w.location,
      capacity: w.capacity,
      from: localIso(w.from),
      to: localIso(w.to),
      seats: w.seats,
      over: w.seats - w.capacity,
      tests: w.tests.map((t) => ({ test: t.test, seats: t.seats, start: localIso(t.start), end: localIso(t.end) })),
    })),
    skipped: report.skipped,
  };
  const n = report.windows.length;
  return result({
    json: doc,
    human: (page) => {
      if (n === 0) ctx.out.info(`No location is over capacity from ${formatLocal(from)}${to ? ` to ${formatLocal(to)}` : ''}.`);
      else {
        page.table(
          ['location', 'window (local time)', 'tests', 'seats needed', 'capacity'],
          report.windows.map((w) => [
            w.location,
            windowText(w.from, w.to),
            w.tests.map((t) => `${t.test} (${t.seats})`).join(', '),
            w.seats,
            w.capacity,
          ]),
        );
      }
      if (report.skipped.length) ctx.out.warn(`not counted, start or duration missing: ${report.skipped.join(', ')}`);
    },
    error: opts.strict && n ? new ConflictError(`${n} window${n === 1 ? '' : 's'} over capacity (--strict)`) : undefined,
  });
}

export function capacityCheckCommand(deps: Deps): Command {
  return examples(
    new Command('capacity')
      .description('time windows in which overlapping school exams at a location need more seats than it has')
      .option('--from <date>', 'from this date or time (default: today)')
      .option('--to <date>', 'up to and including this date (default: no end)')
      .option('--strict', 'exit 5 when a window is over capacity')
      .action(action<CapacityOptions>(deps, (ctx, _args, opts) => runCapacity(ctx, opts))),
    'capacity --from 2026-12-01 --to 2026-12-20',
    'capacity --strict --json',
  );
}
