// The floor for bench/pg-import.bench.mjs: the bare work an import onto a server cannot avoid, in one
// process: SheetJS's ESM build reading the file (dense: true), then the rows sent with one COPY into
// a one-table database (psql reading CSV on its standard input), no validation.
// Usage: node pg-import-floor.mjs <xlsx> <postgresql URL>
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import * as XLSX from 'xlsx';

const [file, url] = process.argv.slice(2);
const wb = XLSX.read(fs.readFileSync(file), { type: 'buffer', dense: true });
const rows = wb.Sheets[wb.SheetNames[0]]['!data'];
const csv = (v) => (v === undefined || v === null ? '' : `"${String(v).replace(/"/g, '""')}"`);
const lines = [];
for (let r = 1; r < rows.length; r++) {
  const row = rows[r];
  if (row) lines.push(`${csv(row[0]?.v)},${csv(row[1]?.v)},${row[2]?.v ?? ''}`);
}
const bin = fs.readdirSync('/usr/lib/postgresql').sort().map((v) => `/usr/lib/postgresql/${v}/bin/psql`).findLast((p) => fs.existsSync(p)) ?? 'psql';
const r = spawnSync(bin, [url, '-qv', 'ON_ERROR_STOP=1', '-c', 'CREATE TABLE g (candidate text NOT NULL, grade text, points double precision)', '-c', 'COPY g FROM STDIN WITH (FORMAT csv)'], {
  input: lines.join('\n') + '\n',
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
if (r.status !== 0) throw new Error(`psql failed (${r.status}): ${r.stderr}`);
