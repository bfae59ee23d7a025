import type { Db } from '../../db/open.js';
import { NotFoundError } from '../../errors.js';
import { DEFAULT_THRESHOLDS, type Scale, type Thresholds } from '../grading/scales.js';

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

/** The test with this code, or exit 4. */
export function requireExam(db: Db, code: string): Exam {
  const e = findExam(db, code);
  if (!e) throw new NotFoundError(`no test with code "${code}"`);
  return e;
}

/** Codes of the tests that are parts of this aggregate test. */
export function partsOf(db: Db, examId: number): string[] {
  return (db.prepare('SELECT code FROM exams WHERE part_of = ? ORDER BY code').all(examId) as { code: string }[]).map((r) => r.code);
}
