
/**
 * Rules about a test's settings that need no database: start times (ISO 8601, local when no
 * offset is given), durations and the mid-term rules.
 */

// Fractional seconds (`09:00:00.000Z`, as JavaScript's toISOString writes) are accepted and dropped;
// an offset may be hours only (`+01`).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

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

/**
 * Parses an ISO 8601 date-time as people type it. With an offset (`Z`, `+01:00`, `+0100`) it is
 * kept as given; without one it is local time and gets the local offset in force on that date
 * (so a December exam in Oslo gets +01:00 and a June one +02:00). A date alone means midnight.
 * Returns the text to store, or null when the text is not a real date and time.
 */
export function parseStart(text: string): { iso: string; date: Date } | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, ys, mos, ds, hs = '00', mis = '00', ss = '00', zone] = m;
  const [y, mo, d, h, mi, s] = [ys, mos, ds, hs, mis, ss].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  if (zone === undefined) {
    const local = new Date(y, mo - 1, d, h, mi, s);
    // A time skipped by a daylight-saving change does not exist locally.
    if (local.getHours() !== h || local.getMinutes() !== mi) return null;
    return { iso: localIso(local), date: local };
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
  return { iso: `${ys}-${mos}-${ds}T${hs}:${mis}:${ss}${offsetText(off)}`, date };
}

/** A stored start (always with an offset) as a Date. */
export function startDate(stored: string): Date {
  return new Date(stored);
}

/** A positive whole number of minutes, or null. */
export function parseDuration(text: string | number): number | null {
  const s = String(text).trim();
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}

export const MIDTERM_MIN_MINUTES = 120;

export interface MidtermSettings {
  midterm: boolean;
  duration: number | null;
  countsTowardFinal: boolean;
  compulsory: boolean;
  digital: boolean;
  seb: boolean;
}

/** Every mid-term rule the settings break, each as one sentence naming the flag that fixes it. */
export function midtermViolations(s: MidtermSettings): string[] {
  if (!s.midterm) return [];
  const broken: string[] = [];
  if (s.duration === null || s.duration < MIDTERM_MIN_MINUTES) {
    broken.push(
      `a mid-term test must last at least ${MIDTERM_MIN_MINUTES} minutes (${s.duration === null ? 'no duration set' : `it lasts ${s.duration}`}): --duration ${MIDTERM_MIN_MINUTES} or more`,
    );
  }
  if (!s.countsTowardFinal) broken.push('a mid-term test must count towards the final grade: --counts-toward-final');
  if (!s.compulsory) broken.push('a mid-term test must have compulsory attendance: --compulsory');
  if (s.digital && !s.seb) broken.push('a digital mid-term test must run in Safe Exam Browser: --seb');
  return broken;
}
