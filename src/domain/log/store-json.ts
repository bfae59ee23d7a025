import type { Db } from '../../db/open.js';
import { stmt } from '../../db/statements.js';
import { eventConditions, type EventFilter } from './store.js';

/**
 * The event log written out as JSON by SQLite itself, a window of ids at a time: a million events
 * cost one statement per window instead of a million rows taken apart in JavaScript, parsed,
 * masked and stringified again. The text is the one `JSON.stringify` gives for the same events
 * (old and new values are stored as `JSON.stringify` wrote them), masked as log.ts shows a reader.
 */

/** What a reader is shown (the rules are log.ts's): its own private marks, and blind appeals. */
export interface EventMask {
  readerId: number;
  reader: string;
  /** The appellants an appeal grader grades blind, as [test code, candidate number]. */
  blind: readonly (readonly [string, string])[];
}

/** `array`: the items of `JSON.stringify(events, null, 2)`, each indented by two; `lines`: JSON Lines. */
export type EventForm = 'array' | 'lines';

/** Ids per window: a window's text stays about a megabyte, and a sparse filter costs few statements. */
const WINDOW = 4_096;

const FROM = `FROM events e
  LEFT JOIN users u ON u.id = e.actor_id
  LEFT JOIN exams x ON x.id = e.exam_id
  LEFT JOIN users s ON s.id = e.subject_user_id`;

/** An old or new value as the reader may see it, as JSON text (SQL NULL for none). */
function masked(col: string, m: EventMask): string {
  const blind = m.blind.length
    ? `WHEN e.actor_id IS NOT @readerId AND EXISTS (SELECT 1 FROM json_each(@blind) b WHERE b.value ->> 0 = x.code AND b.value ->> 1 = e.subject) THEN '{"hidden":"appeal"}'`
    : '';
  // `instr` first: most values name no mark, and finding that costs no parse.
  return `CASE WHEN ${col} IS NULL OR ${col} = 'null' THEN ${col}
    ${blind}
    WHEN instr(${col}, '"mark"') > 0 AND json_type(${col}, '$.mark') IS NOT NULL AND NOT (json_type(${col}, '$.mark') = 'text' AND ${col} ->> '$.mark' = @reader)
      THEN json_object('mark', ${col} -> '$.mark', 'private', json('true'))
    ELSE ${col} END`;
}

const str = (v: string) => `coalesce(json_quote(${v}), 'null')`;

/** One event's JSON text, pretty (inside the array) or on one line. */
function eventText(form: EventForm, m: EventMask): string {
  const fields = ['e.id', str('e.at'), str('u.username'), str('e.kind'), str('x.code'), str('s.username'), str('e.subject')];
  if (form === 'lines') {
    const value = (c: string) => `coalesce(json(${masked(c, m)}), 'null')`;
    return `printf('{"id":%d,"at":%s,"actor":%s,"kind":%s,"test":%s,"user":%s,"subject":%s,"old":%s,"new":%s}', ${fields.join(', ')}, ${value('e.old')}, ${value('e.new')})`;
  }
  const value = (c: string) => `coalesce(replace(json_pretty(${masked(c, m)}, '  '), char(10), char(10) || '    '), 'null')`;
  const keys = ['id', 'at', 'actor', 'kind', 'test', 'user', 'subject', 'old', 'new'];
  const template = '{\n' + keys.map((k) => `    "${k}": ${k === 'id' ? '%d' : '%s'}`).join(',\n') + '\n  }';
  return `printf('${template}', ${fields.join(', ')}, ${value('e.old')}, ${value('e.new')})`;
}

/**
 * The events the filter matches, oldest first, as pieces of JSON text: for `array`, events joined
 * by `,\n  ` (a piece is not wrapped in brackets); for `lines`, one event a line, each ending in `\n`.
 * The newest `limit` only, when given.
 */
export function* eventTexts(db: Db, f: EventFilter, m: EventMask, form: EventForm): Generator<string> {
  const { where, params } = eventConditions({ ...f, limit: undefined });
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const all = { ...params, readerId: m.readerId, reader: m.reader, blind: JSON.stringify(m.blind) };
  const last = stmt(db, `SELECT e.id FROM events e ${filter} ORDER BY e.id DESC LIMIT 1`).pluck().get(params) as number | undefined;
  if (last === undefined) return;
  const within = where.length ? `${filter} AND e.id <= @last` : 'WHERE e.id <= @last';
  const firstSql = f.limit
    ? `SELECT min(id) FROM (SELECT e.id FROM events e ${within} ORDER BY e.id DESC LIMIT ${Number(f.limit)})`
    : `SELECT e.id FROM events e ${within} ORDER BY e.id LIMIT 1`;
  const first = stmt(db, firstSql).pluck().get({ ...params, last }) as number;
  const windowed = eventConditions({ ...f, limit: undefined }, true).where.join(' AND ');
  const sep = form === 'array' ? `',' || char(10) || '  '` : 'char(10)';
  const piece = stmt(db, `SELECT group_concat(j, ${sep}) FROM (SELECT ${eventText(form, m)} AS j ${FROM} WHERE ${windowed} ORDER BY e.id)`).pluck();
  for (let from = first; from <= last; from += WINDOW) {
    const text = piece.get({ ...all, from, to: Math.min(last, from + WINDOW - 1) }) as string | null;
    if (text !== null) yield form === 'lines' ? text + '\n' : text;
  }
}
