// The floor for bench/import.bench.mjs: the bare work an import cannot avoid, in one process:
// SheetJS's ESM build reading the file (dense: true), and better-sqlite3 inserting its rows into a
// one-table database in one transaction, no validation. Usage: node import-floor.mjs <xlsx> <db>
import fs from 'node:fs';
import Database from 'better-sqlite3';
import * as XLSX from 'xlsx';

const [file, dbFile] = process.argv.slice(2);
const wb = XLSX.read(fs.readFileSync(file), { type: 'buffer', dense: true });
const ws = wb.Sheets[wb.SheetNames[0]];
const rows = ws['!data'];
const db = new Database(dbFile);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS g (candidate TEXT NOT NULL, grade TEXT, points REAL)');
const ins = db.prepare('INSERT INTO g (candidate, grade, points) VALUES (?, ?, ?)');
db.transaction(() => {
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row) ins.run(String(row[0]?.v), row[1]?.v ?? null, row[2]?.v ?? null);
  }
}).immediate();
db.close();
