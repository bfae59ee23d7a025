import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/open.js';
import { ValidationError, type Issue } from '../../src/errors.js';
import type { ColumnSpec } from '../../src/formats/columns.js';
import { tableOf } from '../../src/formats/tabular.js';
import {
  EMPTY,
  UNCHANGED,
  checkAll,
  hasIssues,
  isChanged,
  isNew,
  openSheet,
  runImport,
  type Checked,
  type ImportRule,
  type Outcome,
  type Sheet,
} from '../../src/domain/imports/pipeline.js';
import { freshDbPath, openDb } from '../helpers.js';

/** A tiny import: (name, size) rows into a table of its own, beside examctl's in a real database file. */
type Key = 'name' | 'size';
const COLUMNS: ColumnSpec<Key>[] = [
  { key: 'name', headers: ['name', 'navn'], required: true, plain: true },
  { key: 'size', headers: ['size', 'storleik'] },
];
interface Box {
  name: string;
  size: number;
  /** The size before; null for a new box. */
  was: number | null;
}
interface State {
  sheet: Sheet<Key>;
  boxes: Map<string, number>;
  seen: Set<string>;
  /** Inside the write: the names the check before it found new. */
  newEarlier: Set<string> | null;
}
interface Refusal {
  inside: boolean;
  checked: Checked<Box>;
}

function checkRow(st: State, r: number): Outcome<Box> {
  const name = st.sheet.text(r, 'name');
  const sizeText = st.sheet.text(r, 'size');
  if (name === '') return hasIssues([st.sheet.issue(r, 'name', 'a name is needed')]);
  if (st.seen.has(name)) return hasIssues([st.sheet.issue(r, 'name', 'listed twice')]);
  st.seen.add(name);
  if (st.newEarlier?.has(name) && st.boxes.has(name)) return hasIssues([st.sheet.issue(r, 'name', 'added by another hand since the file was checked')]);
  if (sizeText === '') return EMPTY;
  const size = Number(sizeText);
  if (!Number.isInteger(size)) return hasIssues([st.sheet.issue(r, 'size', 'expected a whole number')]);
  const now = st.boxes.get(name);
  if (now === size) return UNCHANGED;
  return now === undefined ? isNew({ name, size, was: null }) : isChanged({ name, size, was: now });
}

function boxRule(refusals: Refusal[], loads: { n: number }, precheck = true): ImportRule<Key, State, Box, Issue, Checked<Box>> {
  return {
    strangeCharacters: true,
    precheck,
    load: (db, sheet, earlier) => {
      loads.n++;
      const boxes = new Map((db.prepare('SELECT name, size FROM boxes').all() as { name: string; size: number }[]).map((b) => [b.name, b.size]));
      const newEarlier = earlier && new Set(earlier.writes.filter((b) => b.was === null).map((b) => b.name));
      return { sheet, boxes, seen: new Set(), newEarlier };
    },
    check: checkRow,
    dryRun: (_db, _st, checked) => checked,
    refuse: (_db, _st, checked, inside) => {
      refusals.push({ inside, checked });
      throw new ValidationError(`${checked.issues.length} problem(s); nothing written`, checked.issues);
    },
    write: (db, _st, checked) => {
      const put = db.prepare('INSERT INTO boxes (name, size) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET size = excluded.size');
      for (const b of checked.writes) put.run(b.name, b.size);
      return checked;
    },
  };
}

function world(): { file: string; db: Db } {
  const file = freshDbPath();
  const db = openDb(file);
  db.exec('CREATE TABLE boxes (name TEXT PRIMARY KEY, size INTEGER NOT NULL)');
  db.prepare('INSERT INTO boxes (name, size) VALUES (?, ?), (?, ?)').run('kept', 1, 'grown', 2);
  return { file, db };
}

const sizes = (db: Db) => Object.fromEntries((db.prepare('SELECT name, size FROM boxes ORDER BY name').all() as { name: string; size: number }[]).map((b) => [b.name, b.size]));

describe('the import pipeline', () => {
  it('checks every row into an outcome: new, changed, unchanged, empty, or issues located by file, sheet, row, column and value', () => {
    const { db } = world();
    const table = tableOf('boxes.csv', [
      ['Boxes of spring'],
      ['Navn', 'Storleik'],
      ['fresh', 3],
      ['grown', 5],
      ['kept', 1],
      ['bare', null],
      [null, null],
      ['odd', 'big'],
      [null, 4],
      ['fresh', 3],
    ]);
    const refusals: Refusal[] = [];
    const sheet = openSheet(table, COLUMNS);
    expect(sheet.cols.headerRow).toBe(1);
    const { checked } = checkAll(db, sheet, boxRule(refusals, { n: 0 }), null);
    expect(checked.counts).toEqual({ new: 1, changed: 1, unchanged: 1, empty: 1, errors: 3 });
    expect(checked.rows).toBe(7);
    expect(checked.writes).toEqual([
      { name: 'fresh', size: 3, was: null },
      { name: 'grown', size: 5, was: 2 },
    ]);
    expect(checked.issues).toEqual([
      { file: 'boxes.csv', sheet: null, row: 8, column: 'B (Storleik)', value: 'big', message: 'expected a whole number' },
      { file: 'boxes.csv', sheet: null, row: 9, column: 'A (Navn)', value: '', message: 'a name is needed' },
      { file: 'boxes.csv', sheet: null, row: 10, column: 'A (Navn)', value: 'fresh', message: 'listed twice' },
    ]);
    db.close();
  });

  it('a dry run writes nothing; a run writes every change in one transaction', () => {
    const { db } = world();
    const table = tableOf('boxes.csv', [['name', 'size'], ['fresh', 3], ['grown', 5], ['kept', 1]]);
    const loads = { n: 0 };
    const rule = boxRule([], loads);
    const dry = runImport(db, openSheet(table, COLUMNS), rule, { dryRun: true });
    expect(dry.counts).toMatchObject({ new: 1, changed: 1, unchanged: 1 });
    expect(sizes(db)).toEqual({ kept: 1, grown: 2 });
    let inside = false;
    runImport(db, openSheet(table, COLUMNS), rule, { dryRun: false, beforeCommit: () => (inside = db.inTransaction) });
    expect(inside).toBe(true);
    expect(sizes(db)).toEqual({ fresh: 3, kept: 1, grown: 5 });
    // One check for the dry run; for the run one before the lock and one inside it.
    expect(loads.n).toBe(3);
    db.close();
  });

  it('a file with problems is refused before the write lock is taken, nothing written', () => {
    const { db } = world();
    const table = tableOf('boxes.csv', [['name', 'size'], ['fresh', 3], ['odd', 'big']]);
    const refusals: Refusal[] = [];
    expect(() => runImport(db, openSheet(table, COLUMNS), boxRule(refusals, { n: 0 }), { dryRun: false })).toThrow(ValidationError);
    expect(refusals.map((r) => r.inside)).toEqual([false]);
    expect(sizes(db)).toEqual({ kept: 1, grown: 2 });
    db.close();
  });

  it('a change by another connection between the check and the write is caught by the check inside the transaction', () => {
    const { file, db } = world();
    // The file's "fresh" row is new when checked; another connection adds "fresh" before the write.
    const table = tableOf('boxes.csv', [['name', 'size'], ['fresh', 3], ['grown', 5]]);
    const refusals: Refusal[] = [];
    const rule = boxRule(refusals, { n: 0 });
    const other = openDb(file);
    let err: unknown;
    try {
      runImport(db, openSheet(table, COLUMNS), rule, {
        dryRun: false,
        beforeWrite: () => other.prepare('INSERT INTO boxes (name, size) VALUES (?, ?)').run('fresh', 9),
      });
    } catch (e) {
      err = e;
    }
    other.close();
    expect(err).toBeInstanceOf(ValidationError);
    expect(refusals.map((r) => r.inside)).toEqual([true]);
    expect(refusals[0]!.checked.issues).toEqual([
      { file: 'boxes.csv', sheet: null, row: 2, column: 'A (name)', value: 'fresh', message: 'added by another hand since the file was checked' },
    ]);
    // All or nothing: the other row's change is not written either.
    expect(sizes(db)).toEqual({ fresh: 9, kept: 1, grown: 2 });
    db.close();
  });

  it('a rule without a check before the lock checks once, inside the transaction, against the state there', () => {
    const { file, db } = world();
    const table = tableOf('boxes.csv', [['name', 'size'], ['grown', 5]]);
    const loads = { n: 0 };
    const other = openDb(file);
    other.prepare('UPDATE boxes SET size = 5 WHERE name = ?').run('grown');
    other.close();
    const done = runImport(db, openSheet(table, COLUMNS), boxRule([], loads, false), { dryRun: false });
    expect(loads.n).toBe(1);
    expect(done.counts).toMatchObject({ changed: 0, unchanged: 1 });
    db.close();
  });
});
