import type { Db } from '../../db/open.js';
import { candidateCount } from '../candidates/store.js';
import { findLocationById } from './store-locations.js';
import { findExamById, partsOf, type Exam } from './store.js';

/** A test as the CLI shows it and prints with --json. */
export interface ExamView {
  code: string;
  course: string;
  year: number;
  term: string;
  variant: string | null;
  title: string;
  kind: string;
  registration: boolean;
  digital: boolean;
  scale: string;
  /** ISO 8601 with the offset it was stored with. */
  start: string | null;
  duration: number | null;
  location: string | null;
  marking: string;
  confirm: string;
  confirmBy: string;
  groups: string;
  midterm: boolean;
  countsTowardFinal: boolean;
  compulsory: boolean;
  seb: boolean;
  partOf: string | null;
  ungradedPart: boolean;
  parts: string[];
  candidates: number;
}

/** What a view shows beside the test's own row. */
interface ViewRelations {
  location: string | null;
  partOf: string | null;
  parts: string[];
  candidates: number;
}

export function examView(db: Db, e: Exam): ExamView {
  return toView(e, {
    location: e.locationId === null ? null : (findLocationById(db, e.locationId)?.name ?? null),
    partOf: e.partOf === null ? null : (findExamById(db, e.partOf)?.code ?? null),
    parts: partsOf(db, e.id),
    candidates: candidateCount(db, e.id),
  });
}

export function toView(e: Exam, r: ViewRelations): ExamView {
  return {
    code: e.code,
    course: e.course,
    year: e.year,
    term: e.term,
    variant: e.variant,
    title: e.title,
    kind: e.kind,
    registration: e.registration,
    digital: e.digital,
    scale: e.scale,
    start: e.start,
    duration: e.duration,
    location: r.location,
    marking: e.marking,
    confirm: e.confirmMode,
    confirmBy: e.confirmBy,
    groups: e.groupMode,
    midterm: e.midterm,
    countsTowardFinal: e.countsTowardFinal,
    compulsory: e.compulsory,
    seb: e.seb,
    partOf: r.partOf,
    ungradedPart: e.ungradedPart,
    parts: r.parts,
    candidates: r.candidates,
  };
}
