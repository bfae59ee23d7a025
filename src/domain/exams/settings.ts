import type { Db } from '../../db/open.js';
import { ConflictError, ValidationError, issueOf, type Issue } from '../../errors.js';
import { TIME_FORMS } from '../time.js';
import { given, say, type InputName, type Words } from '../words.js';
import { requireExamRole } from '../access/access.js';
import { SCALES } from '../grading/scales.js';
import type { User } from '../people/users.js';
import { midtermViolations, parseDuration, parseStart } from './exam-rules.js';
import { requireExam } from './exams.js';
import { requireLocation } from './locations.js';
import { findLocationById } from './store-locations.js';
import { findExamById, partsOf, type Exam, type Settings } from './store.js';

export type { Settings } from './store.js';

/**
 * A test's settings: what they may be, their defaults, how an input becomes settings and how they
 * are stored and logged. `false` in an input means "clear" (the CLI's --no-<option>).
 */

export const EXAM_KINDS = ['school', 'home', 'oral', 'practical', 'assignment'] as const;
export const TERMS = ['spring', 'autumn'] as const;
export const MARKING_MODES = ['private', 'shared'] as const;
export const CONFIRM_MODES = ['collective', 'per-candidate'] as const;
export const CONFIRM_BY = ['one', 'all'] as const;
export const GROUP_MODES = ['none', 'predefined', 'open', 'password'] as const;

export interface ExamSettingsInput {
  course?: string;
  year?: string | number;
  term?: string;
  title?: string;
  variant?: string | false;
  kind?: string;
  registration?: boolean;
  digital?: boolean;
  scale?: string;
  start?: string | false;
  duration?: string | number | false;
  location?: string | false;
  marking?: string;
  confirmMode?: string;
  confirmBy?: string;
  groupMode?: string;
  midterm?: boolean;
  countsTowardFinal?: boolean;
  compulsory?: boolean;
  seb?: boolean;
  partOf?: string | false;
  ungradedPart?: boolean;
}

export const SETTING_KEYS: (keyof Settings)[] = [
  'course', 'year', 'term', 'title', 'variant', 'kind', 'registration', 'digital', 'scale', 'start', 'duration',
  'locationId', 'marking', 'confirmMode', 'confirmBy', 'groupMode', 'midterm', 'countsTowardFinal', 'compulsory',
  'seb', 'partOf', 'ungradedPart',
];

/** Settings whose change would alter what recorded grades and marks mean. */
export const GRADE_MEANING: (keyof Settings)[] = ['scale', 'marking', 'ungradedPart'];

/** What a new test has where the input says nothing; the help of `tests create` reads it too. */
export const EXAM_DEFAULTS: Omit<Settings, 'course' | 'year' | 'term' | 'title'> = {
  variant: null,
  kind: 'school',
  registration: false,
  digital: true,
  scale: 'letter',
  start: null,
  duration: null,
  locationId: null,
  marking: 'shared',
  confirmMode: 'collective',
  confirmBy: 'one',
  groupMode: 'none',
  midterm: false,
  countsTowardFinal: false,
  compulsory: false,
  seb: false,
  partOf: null,
  ungradedPart: false,
};

/** A problem with one value given: `--duration "-5": expected a positive whole number of minutes`. */
function flagIssue(key: InputName, value: string | undefined, expected: string | Words): Issue {
  const at = { input: key, value: value ?? null, column: null };
  return typeof expected === 'string' ? { ...at, message: expected } : issueOf(expected, at);
}

function oneOf<T extends string>(issues: Issue[], key: InputName, v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  const s = v.trim();
  if ((allowed as readonly string[]).includes(s)) return s as T;
  issues.push(flagIssue(key, v, `expected one of ${allowed.join(', ')}`));
  return undefined;
}

/**
 * Turns the input into settings on top of `base`, collecting every malformed value (exit 2) before
 * looking anything up (exit 4).
 */
export function applyInput(db: Db, base: Settings, input: ExamSettingsInput, creating: boolean): Settings {
  const issues: Issue[] = [];
  const s: Settings = { ...base };
  const text = (key: InputName, v: string | undefined, set: (t: string) => void) => {
    if (v === undefined) return;
    if (v.trim() === '') issues.push(flagIssue(key, v, 'must not be empty'));
    else set(v.trim());
  };
  text('course', input.course, (t) => (s.course = t));
  text('title', input.title, (t) => (s.title = t));
  if (input.variant === false) s.variant = null;
  else text('variant', input.variant, (t) => (s.variant = t));
  if (input.year !== undefined) {
    const y = String(input.year).trim();
    if (/^\d{4}$/.test(y) && Number(y) >= 1900 && Number(y) <= 2200) s.year = Number(y);
    else issues.push(flagIssue('year', String(input.year), 'expected a year such as 2026'));
  }
  s.term = oneOf(issues, 'term', input.term, TERMS) ?? s.term;
  s.kind = oneOf(issues, 'kind', input.kind, EXAM_KINDS) ?? s.kind;
  s.scale = oneOf(issues, 'scale', input.scale, SCALES) ?? s.scale;
  s.marking = oneOf(issues, 'marking', input.marking, MARKING_MODES) ?? s.marking;
  s.confirmMode = oneOf(issues, 'confirmMode', input.confirmMode, CONFIRM_MODES) ?? s.confirmMode;
  s.confirmBy = oneOf(issues, 'confirmBy', input.confirmBy, CONFIRM_BY) ?? s.confirmBy;
  s.groupMode = oneOf(issues, 'groupMode', input.groupMode, GROUP_MODES) ?? s.groupMode;
  for (const k of ['registration', 'digital', 'midterm', 'countsTowardFinal', 'compulsory', 'seb', 'ungradedPart'] as const) {
    if (input[k] !== undefined) s[k] = input[k];
  }
  if (input.start === false) s.start = null;
  else if (input.start !== undefined) {
    const p = parseStart(input.start);
    if (p) s.start = p.iso;
    else {
      issues.push(
        flagIssue('start', input.start, `expected ${TIME_FORMS}`),
      );
    }
  }
  if (input.duration === false) s.duration = null;
  else if (input.duration !== undefined) {
    const d = parseDuration(input.duration);
    if (d !== null) s.duration = d;
    else issues.push(flagIssue('duration', String(input.duration), 'expected a positive whole number of minutes'));
  }
  if (creating) {
    const named = (key: InputName) => issues.some((i) => i.input === key);
    for (const [key, v] of [['course', s.course], ['year', s.year], ['term', s.term], ['title', s.title]] as const) {
      if (!v && !named(key)) issues.push(flagIssue(key, undefined, 'is required'));
    }
  }
  if (s.ungradedPart && input.partOf === false) {
    issues.push(flagIssue('ungradedPart', undefined, say`a test that is no longer a part cannot be an ungraded part: add ${given('ungradedPart', { off: true })}`));
  } else if (s.ungradedPart && input.partOf === undefined && base.partOf === null) {
    issues.push(flagIssue('ungradedPart', undefined, say`only a part of an aggregate test can be an ungraded part: add ${given('partOf')} <aggregate test>`));
  }
  if (issues.length) throw new ValidationError(`invalid test settings; nothing changed`, issues);

  if (input.location === false) s.locationId = null;
  else if (input.location !== undefined) s.locationId = requireLocation(db, input.location).id;
  if (input.partOf === false) s.partOf = null;
  else if (input.partOf !== undefined) s.partOf = requireExam(db, input.partOf).id;

  const broken = midtermViolations(s);
  if (broken.length) {
    throw new ValidationError(
      `the test breaks ${broken.length === 1 ? 'a mid-term rule' : `${broken.length} mid-term rules`}; nothing changed`,
      broken.map((words) => issueOf(words)),
    );
  }
  return s;
}

/** Portfolio links: one level only, never to itself, and the actor must plan the aggregate too. */
export function checkPartOf(db: Db, actor: User, exam: { id: number | null; code: string }, partOf: number): void {
  const agg = findExamById(db, partOf)!;
  if (agg.id === exam.id) throw new ValidationError(`test ${exam.code} cannot be a part of itself`);
  if (agg.partOf !== null) {
    throw new ValidationError(
      `${agg.code} is itself a part of ${findExamById(db, agg.partOf)!.code}: an aggregate test cannot be a part (one level only)`,
    );
  }
  if (exam.id !== null) {
    const parts = partsOf(db, exam.id);
    if (parts.length) {
      throw new ConflictError(`${exam.code} is the aggregate of ${parts.join(', ')}: an aggregate test cannot be a part of another`);
    }
  }
  requireExamRole(db, actor, agg, ['planner'], `make a test part of ${agg.code}`);
}

/** Settings as people read them in the event log: location and part-of by name. */
export function describe(db: Db, s: Partial<Settings>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) {
    if (!(k in s)) continue;
    if (k === 'locationId') out.location = s.locationId === null ? null : findLocationById(db, s.locationId!)?.name;
    else if (k === 'partOf') out.partOf = s.partOf === null ? null : findExamById(db, s.partOf!)?.code;
    else out[k] = s[k];
  }
  return out;
}

export function flagOf(k: keyof Settings): string {
  return k === 'ungradedPart' ? 'ungraded-part' : k;
}

export function pickSettings(e: Exam): Settings {
  return Object.fromEntries(SETTING_KEYS.map((k) => [k, e[k]])) as unknown as Settings;
}
