import type { Migration } from '../migrate.js';

/**
 * The work after the grades: a planner's grading deadline, transfers to the student registry (which
 * publish the grades they carry), explanations of published grades, and appeals graded by an appeal
 * committee. An appeal keeps the original round (grade, marks, confirmations) in its own row, away
 * from the grading tables, so that the appeal graders grade a clean round and never read it.
 */
export const afterGrading: Migration = {
  version: 4,
  name: '004-after-grading',
  up(db) {
    db.exec(`
      ALTER TABLE exams ADD COLUMN grading_deadline TEXT;
      ALTER TABLE exams ADD COLUMN grading_deadline_reason TEXT;
      ALTER TABLE committees ADD COLUMN appeal INTEGER NOT NULL DEFAULT 0 CHECK (appeal IN (0, 1));

      CREATE TABLE transfers (
        id           INTEGER PRIMARY KEY,
        exam_id      INTEGER NOT NULL REFERENCES exams(id),
        number       INTEGER NOT NULL,
        format       TEXT NOT NULL,
        file_name    TEXT,
        sha256       TEXT NOT NULL,
        actor_id     INTEGER NOT NULL REFERENCES users(id),
        at           TEXT NOT NULL,
        -- YYYY-MM-DD, the day the registry published what the transfer carried
        published_on TEXT NOT NULL,
        UNIQUE (exam_id, number)
      ) STRICT;

      CREATE TABLE transfer_rows (
        transfer_id  INTEGER NOT NULL REFERENCES transfers(id),
        candidate_id INTEGER NOT NULL REFERENCES candidates(id),
        grade        TEXT,
        points       REAL,
        confirmed_at TEXT,
        correction   INTEGER NOT NULL CHECK (correction IN (0, 1)),
        PRIMARY KEY (transfer_id, candidate_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX transfer_rows_candidate ON transfer_rows (candidate_id, transfer_id);

      -- A grade's explanation: requested once, given once.
      CREATE TABLE explanations (
        candidate_id INTEGER PRIMARY KEY REFERENCES candidates(id),
        requested_on TEXT NOT NULL,
        requested_by INTEGER NOT NULL REFERENCES users(id),
        text         TEXT,
        given_on     TEXT,
        given_by     INTEGER REFERENCES users(id)
      ) STRICT;

      -- One appeal per grade: the appeal's grade is final.
      CREATE TABLE appeals (
        candidate_id          INTEGER PRIMARY KEY REFERENCES candidates(id),
        received_on           TEXT NOT NULL,
        filed_by              INTEGER NOT NULL REFERENCES users(id),
        reason                TEXT,
        committee_id          INTEGER REFERENCES committees(id),
        original_committee_id INTEGER REFERENCES committees(id),
        -- the original round, as JSON: {"grade", "points", "derived", "source", "confirmedAt", "marks": [...]}
        original              TEXT NOT NULL,
        settled_grade         TEXT,
        settled_points        REAL,
        settled_reason        TEXT,
        settled_by            INTEGER REFERENCES users(id),
        settled_at            TEXT,
        decided_at            TEXT
      ) STRICT;
      CREATE INDEX appeals_committee ON appeals (committee_id);
    `);
  },
};
