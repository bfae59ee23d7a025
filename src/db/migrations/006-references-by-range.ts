import type { Migration } from '../migrate.js';
import { REFERENCES_BY_STATEMENT, type Reference } from './005-references-by-statement.js';

/**
 * On a server, the statement-level reference checks of version 5 find the rows an insert refers to
 * by range where they can, and order themselves against a delete by an advisory lock instead of a
 * lock on each referenced row.
 *
 * Version 5 locked every referenced row (FOR KEY SHARE, as a foreign key does), one lookup and one
 * row lock per distinct value: for an import of 100,000 grades, 100,000 candidates locked twice
 * (once for the grades, once for their undo records), about a third of its time on the server. Now:
 *
 * - The referenced tables (candidates, batches, users) each have an advisory lock. A statement that
 *   deletes, truncates or re-keys their rows takes it exclusively before it checks for references;
 *   a statement that writes references takes it shared before it checks that their rows exist, and
 *   both hold it to the end of their transaction. Whichever comes second waits for the first and
 *   then sees what it did (each check is a statement of its own, which under READ COMMITTED sees
 *   what was committed when it began): a reference is never written to a row being deleted, nor a
 *   row deleted under a reference being written.
 * - The rows an insert refers to are counted by range: when every id from the smallest value of
 *   the statement to the largest is there (a test's candidates are numbered in a run), every value
 *   is there, which one index scan of the range says. A range with gaps, or much wider than the
 *   statement, is looked up value by value as before.
 * - Under a stricter isolation than READ COMMITTED a check sees the database as its transaction
 *   began, not as the lock's holder left it: there the rows are locked one by one as in version 5,
 *   whose row locks refuse a row deleted since.
 *
 * The referenced side is otherwise checked as in version 5. SQLite keeps its foreign keys.
 */

/** The first key of the referenced tables' advisory locks: 'exam', the key of the write lock (src/db/pg/client.ts), in the two-key space. */
const LOCK_SPACE = 0x6578616d;

/** The second key of each referenced table's advisory lock. */
const PARENT_KEYS: Record<string, number> = { candidates: 1, batches: 2, users: 3 };

/** A range is counted when it holds at most this many ids per value of the statement. */
const RANGE_SPREAD = 4;

const lockOf = (parent: string, mode: 'shared' | 'exclusive') =>
  `PERFORM pg_advisory_xact_lock${mode === 'shared' ? '_shared' : ''}(${LOCK_SPACE}, ${PARENT_KEYS[parent]});`;

const raise = (message: string, detail: string, r: Reference) =>
  `RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', CONSTRAINT = '${r.name}', TABLE = '${r.table}',
        MESSAGE = ${message}, DETAIL = ${detail};`;

/** Version 5's check of one reference: every distinct value's row locked by key, the count compared. */
function byValue(r: Reference, values: string): string {
  return `
      ids := ARRAY(${values});
      PERFORM 1 FROM examctl.${r.parent} p WHERE p.id = ANY (ids) FOR KEY SHARE OF p;
      GET DIAGNOSTICS locked = ROW_COUNT;
      IF locked < cardinality(ids) THEN
        SELECT k INTO bad FROM unnest(ids) AS k WHERE NOT EXISTS (SELECT FROM examctl.${r.parent} p WHERE p.id = k) LIMIT 1;
        ${raise(
          `'insert or update on table "${r.table}" violates foreign key constraint "${r.name}"'`,
          `format('Key (${r.column})=(%s) is not present in table "${r.parent}".', bad)`,
          r,
        )}
      END IF;`;
}

/** The checks of an insert's references: by range where the range is whole, else value by value. */
function insertChecksOf(refs: readonly Reference[]): string {
  return refs
    .map(
      (r) => `
    ${lockOf(r.parent, 'shared')}
    SELECT min(n.${r.column}), max(n.${r.column}), count(n.${r.column}) INTO lo, hi, many FROM n;
    IF many > 0 THEN
      whole := false;
      IF current_setting('transaction_isolation') = 'read committed' AND hi - lo < ${RANGE_SPREAD} * many THEN
        SELECT count(*) = hi - lo + 1 INTO whole FROM examctl.${r.parent} p WHERE p.id BETWEEN lo AND hi;
      END IF;
      IF NOT whole THEN${byValue(r, `SELECT DISTINCT n.${r.column} FROM n WHERE n.${r.column} IS NOT NULL`)}
      END IF;
    END IF;`,
    )
    .join('');
}

/** The checks of an update's references: only the values it changed, value by value, as in version 5. */
function updateChecksOf(refs: readonly Reference[]): string {
  const cols = (t: string) => refs.map((r) => `${t}.${r.column}`).join(', ');
  return (
    `
    IF NOT EXISTS (SELECT ${cols('n')} FROM n EXCEPT SELECT ${cols('o')} FROM o) THEN
      RETURN NULL;
    END IF;` +
    refs
      .map(
        (r) => `
    ${lockOf(r.parent, 'shared')}${byValue(r, `SELECT n.${r.column} FROM n WHERE n.${r.column} IS NOT NULL EXCEPT SELECT o.${r.column} FROM o`)}`,
      )
      .join('')
  );
}

/** The referenced side's checks, as in version 5, after the exclusive lock. */
function referencedChecksOf(parent: string, refs: readonly Reference[], gone: string): string {
  return `
    IF current_setting('transaction_isolation') <> 'read committed' THEN
      RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
        MESSAGE = 'rows of table "${parent}" are deleted, truncated or re-keyed only under READ COMMITTED, where the references to them are checked';
    END IF;
    ${lockOf(parent, 'exclusive')}${refs
      .map(
        (r) => `
    SELECT ch.${r.column} INTO bad FROM examctl.${r.table} ch WHERE ch.${r.column} IN (${gone}) LIMIT 1;
    IF FOUND THEN
      ${raise(
        `'update or delete on table "${parent}" violates foreign key constraint "${r.name}" on table "${r.table}"'`,
        `format('Key (id)=(%s) is still referenced from table "${r.table}".', bad)`,
        r,
      )}
    END IF;`,
      )
      .join('')}`;
}

const fn = (name: string, body: string) => `
  CREATE OR REPLACE FUNCTION examctl.${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE bad bigint; ids integer[]; locked bigint; lo bigint; hi bigint; many bigint; whole boolean;
  BEGIN${body}
    RETURN NULL;
  END $fn$;`;

/** The trigger functions of version 5, replaced; the triggers stay as they are. */
export function referencesByRangeSql(refs: readonly Reference[]): string {
  const group = (key: 'table' | 'parent') => [...new Set(refs.map((r) => r[key]))].map((t) => [t, refs.filter((r) => r[key] === t)] as const);
  const out: string[] = [];
  for (const [table, own] of group('table')) {
    out.push(fn(`${table}_refs_inserted`, insertChecksOf(own)), fn(`${table}_refs_updated`, updateChecksOf(own)));
  }
  for (const [parent, own] of group('parent')) {
    out.push(
      fn(`${parent}_deleted_refs`, referencedChecksOf(parent, own, 'SELECT o.id FROM o')),
      fn(`${parent}_rekeyed_refs`, referencedChecksOf(parent, own, 'SELECT OLD.id')),
      fn(`${parent}_truncated_refs`, referencedChecksOf(parent, own, `SELECT p.id FROM examctl.${parent} p`)),
    );
  }
  return out.join('\n');
}

export const referencesByRange: Migration = {
  version: 6,
  name: '006-references-by-range',
  // SQLite: nothing changes.
  up() {},
  postgres: referencesByRangeSql(REFERENCES_BY_STATEMENT),
};
