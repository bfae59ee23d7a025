import type { Db } from '../../db/open.js';
import { stmt } from '../../db/statements.js';
import { DEFAULT_THRESHOLDS, type Scale, type Thresholds } from '../grading/scales.js';

/**
 * Reading and writing tests (exams) in the database. No rules here: callers check rights and
 * settings first, and record events.
 */

/** A test (exam). The code says "exam" so it never blurs with test files; the CLI says "test". */
export interface Exam {
  id: number;
  code: string;
  course: string;
  year: number;
  term: 'spring' | 'autumn';
  variant: string | null;
  title: string;
  kind: 'school' | 'home' | 'oral' | 'practical' | 'assignment';
  /** A grade registration test: no submissions, exists to register grades. */
  registration: boolean;
  digital: boolean;
  scale: Scale;
  thresholds: Thresholds;
  /** ISO 8601 with the offset it was given. */
  start: string | null;
  duration: number | null;
  locationId: number | null;
  marking: 'private' | 'shared';
  confirmMode: 'collective' | 'per-candidate';
  confirmBy: 'one' | 'all';
  groupMode: 'none' | 'predefined' | 'open' | 'password';
  midterm: boolean;
  countsTowardFinal: boolean;
  compulsory: boolean;
  seb: boolean;
  partOf: number | null;
  ungradedPart: boolean;
  createdBy: number;
  createdAt: string;
}

/** The settings a user can change, as stored. */
export type Settings = Pick<
  Exam,
  | 'course' | 'year' | 'term' | 'title' | 'variant' | 'kind' | 'registration' | 'digital' | 'scale' | 'start'
  | 'duration' | 'locationId' | 'marking' | 'confirmMode' | 'confirmBy' | 'groupMode' | 'midterm'
  | 'countsTowardFinal' | 'compulsory' | 'seb' | 'partOf' | 'ungradedPart'
>;

/** The column of each setting, in the order a new test's row lists them. */
const COLUMN: Record<keyof Settings, string> = {
  course: 'course', year: 'year', term: 'term', title: 'title', variant: 'variant', kind: 'kind',
  registration: 'registration', digital: 'digital', scale: 'scale', start: 'start', duration: 'duration',
  locationId: 'location_id', marking: 'marking', confirmMode: 'confirm_mode', confirmBy: 'confirm_by',
  groupMode: 'group_mode', midterm: 'midterm', countsTowardFinal: 'counts_toward_final', compulsory: 'compulsory',
  seb: 'seb', partOf: 'part_of', ungradedPart: 'ungraded_part',
};

function toColumn(v: unknown): string | number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v as string | number | null;
}

export interface ExamRow {
  id: number;
  code: string;
  course: string;
  year: number;
  term: Exam['term'];
  variant: string | null;
  title: string;
  kind: Exam['kind'];
  registration: number;
  digital: number;
  scale: Scale;
  thresholds: string | null;
  start: string | null;
  duration: number | null;
  location_id: number | null;
  marking: Exam['marking'];
  confirm_mode: Exam['confirmMode'];
  confirm_by: Exam['confirmBy'];
  group_mode: Exam['groupMode'];
  midterm: number;
  counts_toward_final: number;
  compulsory: number;
  seb: number;
  part_of: number | null;
  ungraded_part: number;
  created_by: number;
  created_at: string;
}

export function rowToExam(r: ExamRow): Exam {
  return {
    id: r.id,
    code: r.code,
    course: r.course,
    year: r.year,
    term: r.term,
    variant: r.variant,
    title: r.title,
    kind: r.kind,
    registration: r.registration === 1,
    digital: r.digital === 1,
    scale: r.scale,
    thresholds: r.thresholds ? (JSON.parse(r.thresholds) as Thresholds) : { ...DEFAULT_THRESHOLDS },
    start: r.start,
    duration: r.duration,
    locationId: r.location_id,
    marking: r.marking,
    confirmMode: r.confirm_mode,
    confirmBy: r.confirm_by,
    groupMode: r.group_mode,
    midterm: r.midterm === 1,
    countsTowardFinal: r.counts_toward_final === 1,
    compulsory: r.compulsory === 1,
    seb: r.seb === 1,
    partOf: r.part_of,
    ungradedPart: r.ungraded_part === 1,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export function findExam(db: Db, code: string): Exam | undefined {
  const r = db.prepare('SELECT * FROM exams WHERE code = ?').get(code) as ExamRow | undefined;
  return r && rowToExam(r);
}

export function findExamById(db: Db, id: number): Exam | undefined {
  const r = db.prepare('SELECT * FROM exams WHERE id = ?').get(id) as ExamRow | undefined;
  return r && rowToExam(r);
}

/** Codes of the tests that are parts of this aggregate test. */
export function partsOf(db: Db, examId: number): string[] {
  return (db.prepare('SELECT code FROM exams WHERE part_of = ? ORDER BY code').all(examId) as { code: string }[]).map((r) => r.code);
}

/** A new test's row with every setting; its id. */
export function insertExam(db: Db, code: string, settings: Settings, createdBy: number, createdAt: string): number {
  const keys = Object.keys(COLUMN) as (keyof Settings)[];
  const cols = keys.map((k) => COLUMN[k]);
  return Number(
    db
      .prepare(`INSERT INTO exams (code, ${cols.join(', ')}, created_by, created_at) VALUES (?, ${cols.map(() => '?').join(', ')}, ?, ?)`)
      .run(code, ...keys.map((k) => toColumn(settings[k])), createdBy, createdAt).lastInsertRowid,
  );
}

/** Writes the settings given (at least one) to the test's row. */
export function updateExamSettings(db: Db, examId: number, changes: Partial<Settings>): void {
  const keys = Object.keys(changes) as (keyof Settings)[];
  db.prepare(`UPDATE exams SET ${keys.map((k) => `${COLUMN[k]} = ?`).join(', ')} WHERE id = ?`).run(
    ...keys.map((k) => toColumn(changes[k])),
    examId,
  );
}


/** How many grades and private marks the test's candidates have. */
export function recordedGradeCount(db: Db, examId: number): number {
  const r = db
    .prepare(
      `SELECT (SELECT count(*) FROM grades g JOIN candidates c ON c.id = g.candidate_id WHERE c.exam_id = ?)
            + (SELECT count(*) FROM marks m JOIN candidates c ON c.id = m.candidate_id WHERE c.exam_id = ?) AS n`,
    )
    .get(examId, examId) as { n: number };
  return r.n;
}


/**
 * Which tests a list holds: all; those a student is a candidate on; or those a user is a
 * contributor on in one of the roles.
 */
export type ExamScope = { all: true } | { studentId: number } | { contributorId: number; roles: readonly string[] };

/** The scope as a condition on `exams e`. */
export function scopeWhere(scope: ExamScope): { where: string; params: Record<string, unknown> } {
  if ('studentId' in scope) {
    return { where: 'EXISTS (SELECT 1 FROM candidates s WHERE s.exam_id = e.id AND s.student_id = :actor)', params: { actor: scope.studentId } };
  }
  if ('all' in scope) return { where: '1 = 1', params: {} };
  return {
    where: 'EXISTS (SELECT 1 FROM contributors k WHERE k.exam_id = e.id AND k.user_id = :actor AND k.role IN (SELECT value FROM json_each(:roles)))',
    params: { actor: scope.contributorId, roles: JSON.stringify(scope.roles) },
  };
}

/** The tests in the scope, by code. */
export function examsIn(db: Db, scope: ExamScope): Exam[] {
  const v = scopeWhere(scope);
  return (db.prepare(`SELECT e.* FROM exams e WHERE ${v.where} ORDER BY e.code`).all(v.params) as ExamRow[]).map(rowToExam);
}

/** A test with what its view shows beside its own row. */
export interface ExamWithRelations {
  exam: Exam;
  location: string | null;
  partOf: string | null;
  parts: string[];
  candidates: number;
}

/**
 * The tests in the scope with their location, the aggregate each is part of, its parts and its
 * number of candidates, in one statement grouped per test.
 */
/** The tests in scope with their relations, by code, read one at a time. */
export function* examsWithRelationsIn(db: Db, scope: ExamScope): Generator<ExamWithRelations> {
  const v = scopeWhere(scope);
  const rows = db
    .prepare(
      `SELECT e.*, l.name AS location_name, a.code AS part_of_code, p.codes AS part_codes, count(c.id) AS candidate_count
       FROM exams e
       LEFT JOIN locations l ON l.id = e.location_id
       LEFT JOIN exams a ON a.id = e.part_of
       LEFT JOIN (SELECT part_of, json_group_array(code ORDER BY code) AS codes FROM exams WHERE part_of IS NOT NULL GROUP BY part_of) p
         ON p.part_of = e.id
       LEFT JOIN candidates c ON c.exam_id = e.id
       WHERE ${v.where}
       GROUP BY e.id, l.name, a.code, p.codes
       ORDER BY e.code`,
    )
    .iterate(v.params) as IterableIterator<ExamRow & { location_name: string | null; part_of_code: string | null; part_codes: string | null; candidate_count: number }>;
  for (const r of rows) {
    yield {
      exam: rowToExam(r),
      location: r.location_name,
      partOf: r.part_of_code,
      parts: r.part_codes === null ? [] : (JSON.parse(r.part_codes) as string[]),
      candidates: r.candidate_count,
    };
  }
}

export function saveThresholds(db: Db, examId: number, t: Thresholds): void {
  stmt(db, 'UPDATE exams SET thresholds = ? WHERE id = ?').run(JSON.stringify(t), examId);
}
