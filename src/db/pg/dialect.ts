/**
 * The small dialect layer: the stores write SQLite's SQL once, and the few forms PostgreSQL spells
 * otherwise are rewritten here when a statement is prepared (once per text and connection):
 * `?`, `:name` and `@name` parameters become `$n`; json_each, json_group_array, json_extract and
 * group_concat become their PostgreSQL equivalents; a camelCase alias is quoted so that it keeps
 * its case; an INSERT into a table with an id returns it (better-sqlite3's lastInsertRowid).
 * unixepoch() is a function of the examctl schema (migration 002's PostgreSQL form), and
 * batch_changes has a rowid column there, so those need no rewriting.
 */
export interface Translated {
  text: string;
  /** Whether the statement returns the inserted rows' ids (lastInsertRowid). */
  returnsId: boolean;
  /** The server's parameter list from the arguments a store passed. */
  values(params: unknown[]): unknown[];
}

/** The tables whose rows have an id column of their own. */
const WITH_ID = new Set(['users', 'locations', 'exams', 'committees', 'groups', 'candidates', 'batches', 'events', 'transfers']);

const REWRITES: Array<[RegExp, string]> = [
  [/\bjson_each\(\s*([^()]+?)\s*\)/gi, 'json_array_elements_text(CAST($1 AS json))'],
  [/\bjson_group_array\(([^()]*)\)/gi, 'CAST(json_agg($1) AS text)'],
  [/\bjson_extract\(\s*([\w.]+)\s*,\s*'\$\.(\w+)'\s*\)/gi, "(CAST($1 AS json) ->> '$2')"],
  [/\bgroup_concat\(\s*([\w.]+)\s*,/gi, 'string_agg(CAST($1 AS text),'],
  [/\bAS\s+([a-z]+[A-Z]\w*)/g, 'AS "$1"'],
];

export function translate(sql: string): Translated {
  let text = sql;
  for (const [re, to] of REWRITES) text = text.replace(re, to);
  text = nullsAsSqlite(text);
  const { text: numbered, names, count } = numberParams(text);
  text = numbered;
  const insert = /^\s*INSERT\s+INTO\s+(\w+)/i.exec(text);
  const returnsId = insert !== null && WITH_ID.has(insert[1]!.toLowerCase()) && !/\bRETURNING\b/i.test(text);
  if (returnsId) text = `${text.replace(/[\s;]+$/, '')} RETURNING id`;
  return { text, returnsId, values: (params) => bind(params, names, count) };
}

/**
 * SQLite sorts NULL before every value; PostgreSQL after. Each ORDER BY term gets SQLite's order
 * spelled out (NULLS FIRST ascending, NULLS LAST descending), but for an id, which is never NULL
 * and whose index serves the order as it is.
 */
export function nullsAsSqlite(sql: string): string {
  const re = /\bORDER\s+BY\s+/gi;
  let out = '';
  let last = 0;
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    const start = m.index + m[0].length;
    const end = orderEnd(sql, start);
    const terms = splitTop(sql.slice(start, end)).map(withNulls);
    out += sql.slice(last, start) + terms.join(', ');
    last = end;
    re.lastIndex = end;
  }
  return out + sql.slice(last);
}

/** Where an ORDER BY list ends: a closing parenthesis of its own level, LIMIT, OFFSET, or the end. */
function orderEnd(sql: string, from: number): number {
  let depth = 0;
  for (let i = from; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'") i = closing(sql, i, c) - 1;
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && /^\s(LIMIT|OFFSET|FETCH|FOR|UNION)\b/i.test(sql.slice(i, i + 8))) return i;
    else if (c === ';') return i;
  }
  return sql.length;
}

function splitTop(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of list) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  parts.push(cur.trim());
  return parts;
}

function withNulls(term: string): string {
  const t = term.replace(/\s+$/, '');
  if (/\bNULLS\s+(FIRST|LAST)$/i.test(t) || /^(\w+\.)?id(\s+(ASC|DESC))?$/i.test(t)) return t;
  return /\sDESC$/i.test(t) ? `${t} NULLS LAST` : `${t} NULLS FIRST`;
}

/** Replaces parameters outside quotes and comments with $1, $2, …; a name used twice keeps one number. */
function numberParams(sql: string): { text: string; names: string[]; count: number } {
  let out = '';
  let n = 0;
  const names: string[] = [];
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end - 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      out += `$${++n}`;
    } else if ((c === ':' || c === '@') && /[A-Za-z_]/.test(sql[i + 1] ?? '') && sql[i - 1] !== ':') {
      const name = /^[A-Za-z_]\w*/.exec(sql.slice(i + 1))![0];
      let k = names.indexOf(name);
      if (k < 0) k = names.push(name) - 1;
      out += `$${k + 1}`;
      i += name.length;
    } else {
      out += c;
    }
  }
  return { text: out, names, count: n };
}

function closing(sql: string, from: number, q: string): number {
  let i = from + 1;
  while (i < sql.length) {
    if (sql[i] === q) {
      if (sql[i + 1] === q) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

function bind(params: unknown[], names: string[], count: number): unknown[] {
  if (names.length > 0) {
    const obj = (params[0] ?? {}) as Record<string, unknown>;
    return names.map((k) => value(obj[k]));
  }
  // better-sqlite3 takes an array as the list of values; one array for one value is an array value (unnest, ANY).
  // named values for a statement that uses none (a scope without conditions): nothing to bind
  if (count === 0 && params.length === 1 && isPlainObject(params[0])) return [];
  const flat = params.length === 1 && Array.isArray(params[0]) && count !== 1 ? (params[0] as unknown[]) : params;
  if (flat.length !== count) throw new RangeError(`the statement takes ${count} values, ${flat.length} were given`);
  return flat.map(value);
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

function value(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') throw new TypeError('a boolean cannot be stored; store 1 or 0');
  return v;
}
