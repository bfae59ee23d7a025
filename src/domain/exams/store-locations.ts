import type { Db } from '../../db/open.js';
import { startDate } from './exam-rules.js';

/** Reading and writing locations, and the school exams that sit in them. No rules here. */

/** A room or building where school exams are held, with its capacity in simultaneous candidates. */
export interface Location {
  id: number;
  name: string;
  capacity: number;
}

/** The location named (the name trimmed). */
export function findLocation(db: Db, name: string): Location | undefined {
  return db.prepare('SELECT id, name, capacity FROM locations WHERE name = ?').get(name.trim()) as Location | undefined;
}

export function findLocationById(db: Db, id: number): Location | undefined {
  return db.prepare('SELECT id, name, capacity FROM locations WHERE id = ?').get(id) as Location | undefined;
}

/** A new location; its id. */
export function insertLocation(db: Db, name: string, capacity: number): number {
  return Number(db.prepare('INSERT INTO locations (name, capacity) VALUES (?, ?)').run(name, capacity).lastInsertRowid);
}

/** Every location, by name. */
export function allLocations(db: Db): Location[] {
  return db.prepare('SELECT id, name, capacity FROM locations ORDER BY name').all() as Location[];
}

/** A school exam at a location: when it runs and how many seats it needs. */
export interface Sitting {
  test: string;
  location: string;
  capacity: number;
  start: Date;
  end: Date;
  seats: number;
}

/**
 * School exams at a location that overlap [:from, :to) (seconds since 1970; :to NULL for no end),
 * read through the index on their start and end instants (migration 002): the past is never read.
 * A test needs a seat for every candidate except the withdrawn. The bounds are whole seconds (an
 * instant's end after `from` rounded down, its start before `to` rounded up: the same tests), so
 * that a server that types its parameters (PostgreSQL) reads them as the integers it compares.
 */
export const SITTINGS_IN_RANGE = `SELECT e.code, e.start, e.duration, l.name AS location, l.capacity,
         (SELECT count(*) FROM candidates c WHERE c.exam_id = e.id AND c.status <> 'withdrawn') AS seats
  FROM exams e JOIN locations l ON l.id = e.location_id
  WHERE e.kind = 'school' AND e.location_id IS NOT NULL
    AND unixepoch(e.start) + 60 * e.duration > :from AND unixepoch(e.start) < coalesce(:to, 9000000000000000000)
  ORDER BY e.code`;

/** An instant as SQL compares it with unixepoch(): seconds since 1970. */
const seconds = (d: Date) => d.getTime() / 1000;

export function loadSittings(db: Db, range: { from: Date; to: Date | null }): Sitting[] {
  const rows = db.prepare(SITTINGS_IN_RANGE).all({ from: Math.floor(seconds(range.from)), to: range.to && Math.ceil(seconds(range.to)) }) as {
    code: string;
    start: string;
    duration: number;
    location: string;
    capacity: number;
    seats: number;
  }[];
  return rows.map((r) => {
    const start = startDate(r.start);
    return { test: r.code, location: r.location, capacity: r.capacity, start, end: new Date(start.getTime() + r.duration * 60_000), seats: r.seats };
  });
}

/** Codes of the school exams at a location whose start or duration is missing: no range can place them. */
export function undatedSittings(db: Db): string[] {
  return (
    db
      .prepare(
        `SELECT code FROM exams
         WHERE kind = 'school' AND location_id IS NOT NULL AND (start IS NULL OR duration IS NULL) ORDER BY code`,
      )
      .all() as { code: string }[]
  ).map((r) => r.code);
}
