import { UsageError } from '../errors.js';
import type { InputName } from './words.js';

/**
 * The one reading of a date or time a user gives (a test's start, the log's since, a capacity
 * window): ISO 8601, local time when no offset is given, a date alone meaning that day's start.
 */

// Fractional seconds (`09:00:00.000Z`, as JavaScript's toISOString writes) are accepted and dropped;
// an offset may be hours only (`+01`).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The forms a date or time may take, as a message names them. */
export const TIME_FORMS = 'an ISO 8601 date and time such as 2026-12-01T09:00 (local time) or 2026-12-01T09:00+01:00, or a date YYYY-MM-DD (its start)';

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

function offsetText(minutesEast: number): string {
  const sign = minutesEast < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutesEast) / 60))}:${pad(Math.abs(minutesEast) % 60)}`;
}

/** `2026-12-01T09:00:00+01:00`: a Date written in the machine's local time, with that offset. */
export function localIso(d: Date): string {
  const off = -d.getTimezoneOffset();
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${offsetText(off)}`
  );
}

/** `2026-12-01 09:00`: how people read a time, in the machine's local time zone. */
export function formatLocal(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export interface ParsedTime {
  /** The time as stored: with the offset given, or the local offset in force on that date. */
  iso: string;
  date: Date;
  /** A date alone, without a time. */
  dateOnly: boolean;
}

/**
 * Parses an ISO 8601 date-time as people type it. With an offset (`Z`, `+01:00`, `+0100`) it is
 * kept as given; without one it is local time and gets the local offset in force on that date
 * (so a December exam in Oslo gets +01:00 and a June one +02:00). A date alone means that day's
 * start in local time. Returns null when the text is not a real date and time.
 */
export function parseTime(text: string): ParsedTime | null {
  const m = text.trim().match(ISO);
  if (!m) return null;
  const [, ys, mos, ds, hs, mis = '00', ss = '00', zone] = m;
  const dateOnly = hs === undefined;
  const [y, mo, d, h, mi, s] = [ys, mos, ds, hs ?? '00', mis, ss].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  if (zone === undefined) {
    const local = new Date(y, mo - 1, d, h, mi, s);
    // A time skipped by a daylight-saving change does not exist locally (a day still has a start).
    if (!dateOnly && (local.getHours() !== h || local.getMinutes() !== mi)) return null;
    return { iso: localIso(local), date: local, dateOnly };
  }
  let off = 0;
  if (zone.toUpperCase() !== 'Z') {
    const z = zone.replace(':', '');
    const oh = Number(z.slice(1, 3));
    const om = Number(z.slice(3, 5));
    if (oh > 14 || om > 59) return null;
    off = (z[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s) - off * 60_000);
  return { iso: `${ys}-${mos}-${ds}T${hs ?? '00'}:${mis}:${ss}${offsetText(off)}`, date, dateOnly };
}

/** The date or time given as `key`, or a usage error (exit 2) naming the value and the forms expected. */
export function requireTime(text: string, key: InputName): ParsedTime {
  const t = parseTime(text);
  if (!t) throw new UsageError(`"${text}" is not a date or time; expected ${TIME_FORMS}`).withInput(key);
  return t;
}
