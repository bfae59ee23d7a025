import type { Migration } from '../migrate.js';

/**
 * The whole first schema. Times are ISO 8601 UTC strings (`new Date().toISOString()`) except
 * exams.start, which keeps the offset it was given. JSON columns hold small objects as text.
 */
export const initialSchema: Migration = {
  version: 1,
  name: '001-initial-schema',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id              INTEGER PRIMARY KEY,
        username        TEXT NOT NULL UNIQUE,
        name            TEXT NOT NULL,
        email           TEXT,
        kind            TEXT NOT NULL CHECK (kind IN ('employee', 'external', 'student')),
        -- comma-separated login methods in order of preference: feide, idporten, registered
        logins          TEXT NOT NULL,
        -- whether the person has a Norwegian national identity number; the number itself is never stored
        has_nin         INTEGER NOT NULL DEFAULT 0 CHECK (has_nin IN (0, 1)),
        feide_activated INTEGER NOT NULL DEFAULT 1 CHECK (feide_activated IN (0, 1)),
        extended        INTEGER NOT NULL DEFAULT 0 CHECK (extended IN (0, 1)),
        active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at      TEXT NOT NULL
      ) STRICT;

      CREATE TABLE user_roles (
        user_id INTEGER NOT NULL REFERENCES users(id),
        role    TEXT NOT NULL CHECK (role IN ('user-administrator', 'planner', 'author', 'grader',
                                              'invigilator', 'chief-invigilator', 'reporter')),
        PRIMARY KEY (user_id, role)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE locations (
        id       INTEGER PRIMARY KEY,
        name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
        capacity INTEGER NOT NULL CHECK (capacity > 0)
      ) STRICT;

      CREATE TABLE exams (
        id                  INTEGER PRIMARY KEY,
        code                TEXT NOT NULL UNIQUE,
        course              TEXT NOT NULL,
        year                INTEGER NOT NULL,
        term                TEXT NOT NULL CHECK (term IN ('spring', 'autumn')),
        variant             TEXT,
        title               TEXT NOT NULL,
        kind                TEXT NOT NULL DEFAULT 'school'
                              CHECK (kind IN ('school', 'home', 'oral', 'practical', 'assignment')),
        registration        INTEGER NOT NULL DEFAULT 0 CHECK (registration IN (0, 1)),
        digital             INTEGER NOT NULL DEFAULT 1 CHECK (digital IN (0, 1)),
        scale               TEXT NOT NULL DEFAULT 'letter' CHECK (scale IN ('letter', 'passfail', 'points')),
        -- {"A":89,"B":77,"C":65,"D":53,"E":41}: lower bounds, points scale only
        thresholds          TEXT,
        start               TEXT,
        duration            INTEGER CHECK (duration IS NULL OR duration > 0),
        location_id         INTEGER REFERENCES locations(id),
        marking             TEXT NOT NULL DEFAULT 'shared' CHECK (marking IN ('private', 'shared')),
        confirm_mode        TEXT NOT NULL DEFAULT 'collective' CHECK (confirm_mode IN ('collective', 'per-candidate')),
        confirm_by          TEXT NOT NULL DEFAULT 'one' CHECK (confirm_by IN ('one', 'all')),
        group_mode          TEXT NOT NULL DEFAULT 'none' CHECK (group_mode IN ('none', 'predefined', 'open', 'password')),
        midterm             INTEGER NOT NULL DEFAULT 0 CHECK (midterm IN (0, 1)),
        counts_toward_final INTEGER NOT NULL DEFAULT 0 CHECK (counts_toward_final IN (0, 1)),
        compulsory          INTEGER NOT NULL DEFAULT 0 CHECK (compulsory IN (0, 1)),
        seb                 INTEGER NOT NULL DEFAULT 0 CHECK (seb IN (0, 1)),
        part_of             INTEGER REFERENCES exams(id),
        ungraded_part       INTEGER NOT NULL DEFAULT 0 CHECK (ungraded_part IN (0, 1)),
        created_by          INTEGER NOT NULL REFERENCES users(id),
        created_at          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX exams_part_of ON exams(part_of);

      CREATE TABLE contributors (
        exam_id INTEGER NOT NULL REFERENCES exams(id),
        user_id INTEGER NOT NULL REFERENCES users(id),
        role    TEXT NOT NULL CHECK (role IN ('planner', 'chief-invigilator', 'invigilator', 'grader', 'reporter')),
        PRIMARY KEY (exam_id, user_id, role)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX contributors_user ON contributors(user_id);

      CREATE TABLE committees (
        id      INTEGER PRIMARY KEY,
        exam_id INTEGER NOT NULL REFERENCES exams(id),
        name    TEXT NOT NULL,
        UNIQUE (exam_id, name)
      ) STRICT;

      CREATE TABLE committee_graders (
        committee_id INTEGER NOT NULL REFERENCES committees(id),
        user_id      INTEGER NOT NULL REFERENCES users(id),
        -- set when this grader shares its private marks for the committee (private marking)
        shared_at    TEXT,
        PRIMARY KEY (committee_id, user_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX committee_graders_user ON committee_graders(user_id);

      CREATE TABLE groups (
        id            INTEGER PRIMARY KEY,
        exam_id       INTEGER NOT NULL REFERENCES exams(id),
        name          TEXT NOT NULL,
        pin           TEXT,
        -- scrypt hash and salt, hex; password groups only. The password itself is never stored.
        password_hash TEXT,
        password_salt TEXT,
        created_at    TEXT NOT NULL,
        UNIQUE (exam_id, name)
      ) STRICT;

      CREATE TABLE candidates (
        id           INTEGER PRIMARY KEY,
        exam_id      INTEGER NOT NULL REFERENCES exams(id),
        number       TEXT NOT NULL,
        student_id   INTEGER REFERENCES users(id),
        status       TEXT NOT NULL DEFAULT 'registered'
                       CHECK (status IN ('registered', 'attended', 'submitted', 'absent', 'withdrawn')),
        -- at most one committee per candidate, and a candidate belongs to one test: one column says it
        committee_id INTEGER REFERENCES committees(id),
        group_id     INTEGER REFERENCES groups(id),
        UNIQUE (exam_id, number)
      ) STRICT;
      CREATE INDEX candidates_committee ON candidates(committee_id);
      CREATE INDEX candidates_group ON candidates(group_id);
      CREATE INDEX candidates_student ON candidates(student_id);

      -- Batches: one per grade import (or aggregation), undoable exactly.
      CREATE TABLE batches (
        id         INTEGER PRIMARY KEY,
        exam_id    INTEGER NOT NULL REFERENCES exams(id),
        kind       TEXT NOT NULL DEFAULT 'import' CHECK (kind IN ('import', 'aggregate')),
        file_name  TEXT,
        sha256     TEXT,
        actor_id   INTEGER NOT NULL REFERENCES users(id),
        at         TEXT NOT NULL,
        -- {"new":n,"changed":n,"unchanged":n,"empty":n,"errors":0}
        counts     TEXT NOT NULL,
        undone_at  TEXT,
        undone_by  INTEGER REFERENCES users(id)
      ) STRICT;
      CREATE INDEX batches_exam ON batches(exam_id);

      -- The candidate's grade of record (shared marking, agreed or final grade in private marking).
      CREATE TABLE grades (
        candidate_id INTEGER PRIMARY KEY REFERENCES candidates(id),
        -- 'A'..'F', 'Pass', 'NotPass'; NULL on an ungraded part that records points only
        grade        TEXT,
        points       REAL CHECK (points IS NULL OR (points >= 0 AND points <= 100)),
        -- 1 when the letter was derived from points by the test's thresholds
        derived      INTEGER NOT NULL DEFAULT 0 CHECK (derived IN (0, 1)),
        -- direct | import | agreed | final | group | aggregate
        source       TEXT NOT NULL,
        batch_id     INTEGER REFERENCES batches(id),
        confirmed    INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
        confirmed_at TEXT,
        updated_by   INTEGER NOT NULL REFERENCES users(id),
        updated_at   TEXT NOT NULL
      ) STRICT;

      -- A grader's private mark in private marking.
      CREATE TABLE marks (
        candidate_id INTEGER NOT NULL REFERENCES candidates(id),
        grader_id    INTEGER NOT NULL REFERENCES users(id),
        grade        TEXT,
        points       REAL CHECK (points IS NULL OR (points >= 0 AND points <= 100)),
        derived      INTEGER NOT NULL DEFAULT 0 CHECK (derived IN (0, 1)),
        source       TEXT NOT NULL,
        batch_id     INTEGER REFERENCES batches(id),
        updated_at   TEXT NOT NULL,
        PRIMARY KEY (candidate_id, grader_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX marks_grader ON marks(grader_id);

      -- Each grader's confirmation of a candidate's grade (confirm-by 'all' needs every grader's).
      CREATE TABLE confirmations (
        candidate_id INTEGER NOT NULL REFERENCES candidates(id),
        user_id      INTEGER NOT NULL REFERENCES users(id),
        at           TEXT NOT NULL,
        PRIMARY KEY (candidate_id, user_id)
      ) STRICT, WITHOUT ROWID;

      -- What each batch changed: old and new state of one grade or mark, as JSON (NULL: none).
      CREATE TABLE batch_changes (
        batch_id     INTEGER NOT NULL REFERENCES batches(id),
        candidate_id INTEGER NOT NULL REFERENCES candidates(id),
        -- NULL: the shared grade; else the grader whose private mark was written
        grader_id    INTEGER REFERENCES users(id),
        old          TEXT,
        new          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX batch_changes_batch ON batch_changes(batch_id);

      -- The event log: every change, who, when, what, old and new value.
      CREATE TABLE events (
        id              INTEGER PRIMARY KEY,
        at              TEXT NOT NULL,
        actor_id        INTEGER REFERENCES users(id),
        kind            TEXT NOT NULL,
        exam_id         INTEGER REFERENCES exams(id),
        subject_user_id INTEGER REFERENCES users(id),
        -- what the event is about, for people: a username, candidate number, committee name...
        subject         TEXT,
        old             TEXT,
        new             TEXT
      ) STRICT;
      CREATE INDEX events_at ON events(at);
      CREATE INDEX events_exam ON events(exam_id);
      CREATE INDEX events_actor ON events(actor_id);
      CREATE INDEX events_subject_user ON events(subject_user_id);
    `);
  },
};
