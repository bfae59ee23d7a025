import type { Migration } from '../migrate.js';

/**
 * On a server, the references of the three tables a grade import writes by the hundred thousand
 * (grades, marks, batch_changes) are checked once per statement instead of once per row.
 *
 * A foreign key on PostgreSQL checks each written row by itself: one lookup and one row lock per
 * row and per key, queued as an event and run at the statement's end. An import of 100,000 grades
 * makes about 600,000 of them, which is more than half of its time on the server. Here each of
 * those keys becomes a statement-level trigger that, for the values the statement brought in,
 * locks the referenced rows (FOR KEY SHARE, as a foreign key does) and refuses the statement if
 * one is missing, with the foreign key's own error code (23503) and name. The referenced side
 * keeps the key's promise too: a delete, a change of id or a truncate of a row still referenced
 * is refused the same way.
 *
 * The row locks order a delete against a concurrent write, as a foreign key's do: whichever
 * comes second waits for the first and then finds its work. The referenced side's checks need
 * READ COMMITTED for that (what examctl and psql use; each statement of a trigger then sees what
 * was committed when it began), so a delete of referenced rows under a stricter isolation is
 * refused. examctl never deletes those rows, and its writers take turns on the whole database
 * besides. SQLite keeps its foreign keys: it checks a row in well under a microsecond.
 */
export interface Reference {
  /** The constraint's name, as the foreign key it replaces was named. */
  name: string;
  table: string;
  column: string;
  parent: string;
}

/** The references kept by statement-level checks on a server, from version 5 on. */
export const REFERENCES_BY_STATEMENT: readonly Reference[] = [
  { name: 'grades_candidate_id_fkey', table: 'grades', column: 'candidate_id', parent: 'candidates' },
  { name: 'grades_batch_id_fkey', table: 'grades', column: 'batch_id', parent: 'batches' },
  { name: 'grades_updated_by_fkey', table: 'grades', column: 'updated_by', parent: 'users' },
  { name: 'marks_candidate_id_fkey', table: 'marks', column: 'candidate_id', parent: 'candidates' },
  { name: 'marks_grader_id_fkey', table: 'marks', column: 'grader_id', parent: 'users' },
  { name: 'marks_batch_id_fkey', table: 'marks', column: 'batch_id', parent: 'batches' },
  { name: 'batch_changes_batch_id_fkey', table: 'batch_changes', column: 'batch_id', parent: 'batches' },
  { name: 'batch_changes_candidate_id_fkey', table: 'batch_changes', column: 'candidate_id', parent: 'candidates' },
  { name: 'batch_changes_grader_id_fkey', table: 'batch_changes', column: 'grader_id', parent: 'users' },
];

const raise = (message: string, detail: string, r: Reference) =>
  `RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', CONSTRAINT = '${r.name}', TABLE = '${r.table}',
        MESSAGE = ${message}, DETAIL = ${detail};`;

/**
 * The checks of one referencing table's references, over `values(column)`: the distinct values
 * other than NULL a statement brought in. The referenced rows are found by their primary key and
 * locked in one statement; fewer rows locked than values means one is missing (or was deleted by
 * a transaction that committed while this one waited for it).
 */
function checksOf(refs: readonly Reference[], values: (column: string) => string): string {
  return refs
    .map(
      (r) => `
    ids := ARRAY(${values(r.column)});
    PERFORM 1 FROM examctl.${r.parent} p WHERE p.id = ANY (ids) FOR KEY SHARE OF p;
    GET DIAGNOSTICS locked = ROW_COUNT;
    IF locked < cardinality(ids) THEN
      SELECT k INTO bad FROM unnest(ids) AS k WHERE NOT EXISTS (SELECT FROM examctl.${r.parent} p WHERE p.id = k) LIMIT 1;
      ${raise(
        `'insert or update on table "${r.table}" violates foreign key constraint "${r.name}"'`,
        `format('Key (${r.column})=(%s) is not present in table "${r.parent}".', bad)`,
        r,
      )}
    END IF;`,
    )
    .join('');
}

/**
 * The checks on the referenced side, over `gone`: the ids a statement took away. They see what
 * was committed when each of them begins, which only READ COMMITTED guarantees to include a
 * reference committed while the statement waited; under a stricter isolation the statement is
 * refused rather than risk leaving a row pointing nowhere.
 */
function referencedChecksOf(parent: string, refs: readonly Reference[], gone: string): string {
  const guard = `
    IF current_setting('transaction_isolation') <> 'read committed' THEN
      RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
        MESSAGE = 'rows of table "${parent}" are deleted, truncated or re-keyed only under READ COMMITTED, where the references to them are checked';
    END IF;`;
  return (
    guard +
    refs
      .map(
        (r) => `
    SELECT ch.${r.column} INTO bad FROM examctl.${r.table} ch WHERE ch.${r.column} IN (${gone}) LIMIT 1;
    IF FOUND THEN
      ${raise(
        `'update or delete on table "${r.parent}" violates foreign key constraint "${r.name}" on table "${r.table}"'`,
        `format('Key (id)=(%s) is still referenced from table "${r.table}".', bad)`,
        r,
      )}
    END IF;`,
      )
      .join('')
  );
}

/** Returns at once from an update that changed none of the referencing columns. */
function unchangedFirst(refs: readonly Reference[]): string {
  const cols = (t: string) => refs.map((r) => `${t}.${r.column}`).join(', ');
  return `
    IF NOT EXISTS (SELECT ${cols('n')} FROM n EXCEPT SELECT ${cols('o')} FROM o) THEN
      RETURN NULL;
    END IF;`;
}

const fn = (name: string, body: string) => `
  CREATE FUNCTION examctl.${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE bad bigint; ids integer[]; locked bigint;
  BEGIN${body}
    RETURN NULL;
  END $fn$;`;

/** The triggers and functions that replace the foreign keys in `refs`, and the keys dropped. */
export function referencesByStatementSql(refs: readonly Reference[]): string {
  const group = (key: 'table' | 'parent') => [...new Set(refs.map((r) => r[key]))].map((t) => [t, refs.filter((r) => r[key] === t)] as const);
  const out: string[] = [];
  for (const [table, own] of group('table')) {
    out.push(
      fn(`${table}_refs_inserted`, checksOf(own, (c) => `SELECT DISTINCT n.${c} FROM n WHERE n.${c} IS NOT NULL`)),
      // on an update only the values the statement changed need a look: the others were referenced
      // already; most updates (a grade confirmed, one row at a time) change none, and one query says so
      fn(`${table}_refs_updated`, unchangedFirst(own) + checksOf(own, (c) => `SELECT n.${c} FROM n WHERE n.${c} IS NOT NULL EXCEPT SELECT o.${c} FROM o`)),
      `CREATE TRIGGER ${table}_refs_inserted AFTER INSERT ON examctl.${table} REFERENCING NEW TABLE AS n
         FOR EACH STATEMENT EXECUTE FUNCTION examctl.${table}_refs_inserted();`,
      `CREATE TRIGGER ${table}_refs_updated AFTER UPDATE ON examctl.${table} REFERENCING OLD TABLE AS o NEW TABLE AS n
         FOR EACH STATEMENT EXECUTE FUNCTION examctl.${table}_refs_updated();`,
      `ALTER TABLE examctl.${table} ${own.map((r) => `DROP CONSTRAINT ${r.name}`).join(', ')};`,
    );
  }
  for (const [parent, own] of group('parent')) {
    out.push(
      fn(`${parent}_deleted_refs`, referencedChecksOf(parent, own, 'SELECT o.id FROM o')),
      fn(`${parent}_rekeyed_refs`, referencedChecksOf(parent, own, 'SELECT OLD.id')),
      fn(`${parent}_truncated_refs`, referencedChecksOf(parent, own, `SELECT p.id FROM examctl.${parent} p`)),
      `CREATE TRIGGER ${parent}_deleted_refs AFTER DELETE ON examctl.${parent} REFERENCING OLD TABLE AS o
         FOR EACH STATEMENT EXECUTE FUNCTION examctl.${parent}_deleted_refs();`,
      // an id is never changed by examctl: checked row by row, and only when it does change
      `CREATE TRIGGER ${parent}_rekeyed_refs AFTER UPDATE OF id ON examctl.${parent}
         FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION examctl.${parent}_rekeyed_refs();`,
      `CREATE TRIGGER ${parent}_truncated_refs BEFORE TRUNCATE ON examctl.${parent}
         FOR EACH STATEMENT EXECUTE FUNCTION examctl.${parent}_truncated_refs();`,
    );
  }
  return out.join('\n');
}

export const referencesByStatement: Migration = {
  version: 5,
  name: '005-references-by-statement',
  // SQLite: nothing changes.
  up() {},
  postgres: referencesByStatementSql(REFERENCES_BY_STATEMENT),
};
