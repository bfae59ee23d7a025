import type { Db } from '../../db/open.js';
import { requireRole } from '../access/access.js';
import { loadSittings, undatedSittings, type Sitting } from './store-locations.js';
import type { User } from '../people/users.js';

/**
 * Capacity check: windows in which overlapping school exams at one location need more
 * seats than it has. An exam occupies [start, start + duration): one ending at 12:00 and one
 * starting at 12:00 do not overlap. A test needs a seat for every candidate except the withdrawn
 * (absent candidates were expected until the day, so they are planned for).
 */

export type { Sitting } from './store-locations.js';

export interface OverWindow {
  location: string;
  capacity: number;
  from: Date;
  to: Date;
  seats: number;
  tests: { test: string; seats: number; start: Date; end: Date }[];
}

/** Every maximal window in which the set of running sittings is constant and needs more seats than the capacity. */
export function overCapacityWindows(sittings: Sitting[]): OverWindow[] {
  const byLocation = new Map<string, Sitting[]>();
  for (const s of sittings) {
    if (!(s.end > s.start)) continue;
    const list = byLocation.get(s.location) ?? [];
    list.push(s);
    byLocation.set(s.location, list);
  }
  const out: OverWindow[] = [];
  for (const [location, list] of [...byLocation].sort(([a], [b]) => a.localeCompare(b))) {
    const capacity = list[0]!.capacity;
    const points = [...new Set(list.flatMap((s) => [s.start.getTime(), s.end.getTime()]))].sort((a, b) => a - b);
    let open: OverWindow | null = null;
    for (let i = 0; i + 1 < points.length; i++) {
      const from = points[i]!;
      const to = points[i + 1]!;
      const running = list.filter((s) => s.start.getTime() <= from && s.end.getTime() >= to).sort((a, b) => a.test.localeCompare(b.test));
      const seats = running.reduce((n, s) => n + s.seats, 0);
      const key = running.map((s) => s.test).join('\u0000');
      if (seats > capacity) {
        if (open && open.to.getTime() === from && open.tests.map((t) => t.test).join('\u0000') === key) {
          open.to = new Date(to);
          continue;
        }
        if (open) out.push(open);
        open = {
          location,
          capacity,
          from: new Date(from),
          to: new Date(to),
          seats,
          tests: running.map((s) => ({ test: s.test, seats: s.seats, start: s.start, end: s.end })),
        };
      } else if (open) {
        out.push(open);
        open = null;
      }
    }
    if (open) out.push(open);
  }
  return out;
}

export interface CapacityReport {
  windows: OverWindow[];
  /** School exams at a location whose start or duration is missing: not counted. */
  skipped: string[];
}

/**
 * Over-capacity windows that overlap [from, to); planners only. A window that reaches past the
 * range ends where its set of running exams changes, which an exam wholly outside the range can
 * decide: so the exams read are those overlapping the span of the ones that overlap the range.
 * Every window overlapping the range lies within that span, and in it nothing is left out.
 */
export function checkCapacity(db: Db, actor: User, range: { from: Date; to: Date | null }): CapacityReport {
  requireRole(actor, 'planner', 'check capacity');
  const inRange = loadSittings(db, range);
  const skipped = undatedSittings(db);
  if (inRange.length === 0) return { windows: [], skipped };
  const span = {
    from: new Date(inRange.reduce((t, s) => Math.min(t, s.start.getTime()), Infinity)),
    to: new Date(inRange.reduce((t, s) => Math.max(t, s.end.getTime()), -Infinity)),
  };
  const windows = overCapacityWindows(loadSittings(db, span)).filter((w) => w.to > range.from && (range.to === null || w.from < range.to));
  return { windows, skipped };
}
