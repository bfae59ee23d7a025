/**
 * The worker thread that holds the PostgreSQL connection (node-postgres). It runs as source text
 * (`eval`), so the same code serves the compiled files, the bundle and the tests alike. Each
 * request arrives on a MessagePort; the answer goes back on it, and a flag in shared memory wakes
 * the caller, which waits with Atomics.wait. Values come back as SQLite gives them: 64-bit
 * integers and numerics as numbers, booleans as 1 and 0, JSON as its text.
 */
export const WORKER_SOURCE = String.raw`
const { workerData } = require('node:worker_threads');
// node-postgres asks at load whether it runs on Cloudflare: on Node 20, which has no navigator, by
// making a fetch Response, which loads Node's fetch (undici), a third of the thread's start. Response
// is hidden while it loads, so the answer (no) comes at once; nothing else here uses fetch.
const response = Object.getOwnPropertyDescriptor(globalThis, 'Response');
if (typeof navigator === 'undefined' && response && response.configurable) Object.defineProperty(globalThis, 'Response', { value: undefined, configurable: true, writable: true });
const pg = require(workerData.pgPath);
if (response && response.configurable) Object.defineProperty(globalThis, 'Response', response);
const pgpass = require(workerData.pgpassPath);
const { parse } = require(workerData.urlParserPath);
// With no user in the URL or PGUSER, the operating-system login, as libpq takes it (not only $USER).
if (!pg.defaults.user) {
  try { pg.defaults.user = require('node:os').userInfo().username; } catch {}
}
// A password the URL leaves out comes from PGPASSWORD, else from ~/.pgpass (or PGPASSFILE), as libpq
// finds it; none is no password. (node-postgres's built-in lookup of ~/.pgpass warns that it will go.)
function password(params) {
  if (process.env.PGPASSWORD !== undefined) return process.env.PGPASSWORD;
  return new Promise((resolve) => pgpass(params, (found) => resolve(found)));
}
const t = pg.types;
t.setTypeParser(20, (v) => Number(v));
t.setTypeParser(1700, (v) => Number(v));
t.setTypeParser(16, (v) => (v === 't' ? 1 : 0));
t.setTypeParser(114, (v) => v);
t.setTypeParser(3802, (v) => v);
const flag = new Int32Array(workerData.flag);
const port = workerData.port;
let client = null;
// The flag counts answers: the caller waits while it holds the count it last saw, so that an answer
// posted between the caller's look at the port and its wait still wakes it.
function reply(msg) {
  port.postMessage(msg);
  Atomics.add(flag, 0, 1);
  Atomics.notify(flag, 0);
}
// An array value spelled as PostgreSQL's array literal when its request arrives, not when node-postgres
// sends it: requests sent in a row (a set-based write) are then spelled while the server runs the one
// before. Flat arrays of numbers, strings and nulls, as the set-based writes bind them.
function element(v) {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return '"' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
  return undefined;
}
function literal(a) {
  const out = new Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const e = element(a[i]);
    if (e === undefined) return a;
    out[i] = e;
  }
  return '{' + out.join(',') + '}';
}
// Many rows as arrays cross to the caller as one array per column: copying a few long arrays between
// threads costs a fraction of copying 100,000 short ones (a test's candidates, read by an import).
const COLUMNS_FROM = 1000;
function columnsOf(rows, width) {
  const cols = [];
  for (let j = 0; j < width; j++) {
    const col = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) col[i] = rows[i][j];
    cols.push(col);
  }
  return cols;
}
// COPY's text format, a row a line: columns split by tabs, \\N for null, and a backslash, tab,
// newline or carriage return in a value escaped with a backslash.
const COPY_ESCAPES = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const COPY_SPECIAL = /[\\\t\n\r]/;
function copyField(v) {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = String(v);
  return COPY_SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : s;
}
function copyText(cols) {
  const n = cols.length ? cols[0].length : 0;
  const lines = new Array(n);
  for (let i = 0; i < n; i++) {
    let line = copyField(cols[0][i]);
    for (let j = 1; j < cols.length; j++) line += '\t' + copyField(cols[j][i]);
    lines[i] = line;
  }
  return n ? lines.join('\n') + '\n' : '';
}
// pg-copy-streams, loaded at the first COPY (most commands make none).
let copyFrom = null;
const spelled = (values) => (values ? values.map((v) => (Array.isArray(v) ? literal(v) : v)) : values);
function failure(e) {
  return { ok: false, error: { message: String(e && e.message || e), code: e && e.code, detail: e && e.detail,
    constraint: e && e.constraint, table: e && e.table, column: e && e.column, errno: e && e.errno, syscall: e && e.syscall } };
}
async function handle(m) {
  if (m.op === 'connect') {
    // The URL read as node-postgres reads it, so that a password it leaves out is looked up above.
    const { connectionString, ...rest } = m.config;
    const fromUrl = parse(connectionString);
    if (!fromUrl.password) delete fromUrl.password;
    client = new pg.Client({ password, ...rest, ...fromUrl });
    client.on('error', () => {});
    await client.connect();
    return { ok: true };
  }
  if (m.op === 'query') {
    const r = await client.query({ name: m.name, text: m.text, values: spelled(m.values), rowMode: m.array ? 'array' : undefined });
    if (m.array && r.rows.length >= COLUMNS_FROM && r.fields.length > 0) return { ok: true, columns: columnsOf(r.rows, r.fields.length), rowCount: r.rowCount ?? 0 };
    return { ok: true, rows: r.rows, rowCount: r.rowCount ?? 0 };
  }
  if (m.op === 'copy') {
    // Rows sent as one COPY FROM STDIN (one array per column): the stream waits for its turn
    // behind the requests before it, and its end for the server's answer.
    copyFrom ??= require(workerData.copyPath).from;
    const stream = client.query(copyFrom(m.text));
    await new Promise((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', resolve);
      stream.end(copyText(m.columns));
    });
    return { ok: true, rowCount: stream.rowCount };
  }
  if (m.op === 'script') {
    await client.query(m.text);
    return { ok: true };
  }
  if (m.op === 'end') {
    if (client) await client.end();
    client = null;
    return { ok: true };
  }
  throw new Error('unknown request ' + m.op);
}
port.on('message', (m) => {
  handle(m).then(reply, (e) => reply(failure(e)));
});
`;
