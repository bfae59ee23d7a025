import { createRequire } from 'node:module';

/**
 * Norwegian calendar dates (Europe/Oslo), as `YYYY-MM-DD`: the days that deadlines after grading
 * count in. Public holidays come from date-holidays, loaded the first time a working day is asked
 * for (it costs a fifth of a second to load, which no other command should pay).
 */

export const ZONE = 'Europe/Oslo';

const osloDate = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Norwegian calendar date of an instant. */
export function osloDay(d: Date): string {
  return osloDate.format(d);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the text is a real calendar date `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  const m = text.match(DAY);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

const asUtc = (day: string) => new Date(`${day}T00:00:00Z`);
const ofUtc = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  const d = asUtc(day);
  d.setUTCDate(d.getUTCDate() + n);
  return ofUtc(d);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((asUtc(to).getTime() - asUtc(from).getTime()) / 86_400_000);
}

type HolidayLib = new (country: string) => { getHolidays(year: number): { date: string; type: string }[] };
let publicHolidays: Map<number, Set<string>> | null = null;
let lib: InstanceType<HolidayLib> | null = null;

/** Norway's public holidays (Sundays aside) in the year, as calendar dates. */
function holidaysOf(year: number): Set<string> {
  publicHolidays ??= new Map();
  let set = publicHolidays.get(year);
  if (!set) {
    if (!lib) {
      const Holidays = createRequire(import.meta.url)('date-holidays') as HolidayLib;
      lib = new Holidays('NO');
    }
    set = new Set(lib.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    publicHolidays.set(year, set);
  }
  return set;
}

/** Whether the day is a Saturday, a Sunday or a Norwegian public holiday. */
export function isDayOff(day: string): boolean {
  const weekday = asUtc(day).getUTCDay();
  return weekday === 0 || weekday === 6 || holidaysOf(Number(day.slice(0, 4))).has(day);
}

/** The day itself when it is a working day, else the next working day. */
export function nextWorkingDay(day: string): string {
  let d = day;
  while (isDayOff(d)) d = addDays(d, 1);
  return d;
}
