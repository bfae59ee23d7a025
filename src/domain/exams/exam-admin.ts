import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, NotPermittedError, ValidationError, issueOf, type Issue } from '../../errors.js';
import { TIME_FORMS } from '../time.js';
import { given, say, type InputName, type Words } from '../words.js';
import { contributorRolesOn, requireActive, requireExamRole, requireRole } from '../access/access.js';
import { gradedButBarred } from '../candidates/candidates.js';
import { recordEvent } from '../log/events.js';
import { midtermViolations, parseDuration, parseStart } from './exam-rules.js';
import { findExam, findExamById, requireExam, rowToExam, type Exam, type ExamRow } from './exams.js';
import { findLocationById, requireLocation } from './locations.js';
import { SCALES } from '../grading/scales.js';
import { effectiveRoles, hasRole, type User } from '../people/users.js';

/**
 * Creating, changing, listing and checking tests. Every function checks the actor's
 * rights first. `false` in an update input means "clear" (the CLI's --no-<option>).
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

/** The settings a user can change, as stored. */
type Settings = Pick<
  Exam,
  | 'course' | 'year' | 'term' | 'title' | 'variant' | 'kind' | 'registration' | 'digital' | 'scale' | 'start'
  | 'duration' | 'locationId' | 'marking' | 'confirmMode' | 'confirmBy' | 'groupMode' | 'midterm'
  | 'countsTowardFinal' | 'compulsory' | 'seb' | 'partOf' | 'ungradedPart'
>;

const SETTING_KEYS: (keyof Settings)[] = [
  'course', 'year', 'term', 'title', 'variant', 'kind', 'registration', 'digital', 'scale', 'start', 'duration',
  'locationId', 'marking', 'confirmMode', 'confirmBy', 'groupMode', 'midterm', 'countsTowardFinal', 'compulsory',
  'seb', 'partOf', 'ungradedPart',
];

const COLUMN: Record<keyof Settings, string> = {
  course: 'course', year: 'year', term: 'term', title: 'title', variant: 'variant', kind: 'kind',
  registration: 'registration', digital: 'digital', scale: 'scale', start: 'start', duration: 'duration',
  locationId: 'location_id', marking: 'marking', confirmMode: 'confirm_mode', confirmBy: 'confirm_by',
  groupMode: 'group_mode', midterm: 'midterm', countsTowardFinal: 'counts_toward_final', compulsory: 'compulsory',
  seb: 'seb', partOf: 'part_of', ungradedPart: 'ungraded_part',
};

/** Settings whose change would alter what recorded grades and marks mean. */
const GRADE_MEANING: (keyof Settings)[] = ['scale', 'marking', 'ungradedPart'];

const DEFAULTS: Omit<Settings, 'course' | 'year' | 'term' | 'title'> = {
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
function applyInput(db: Db, base: Settings, input: ExamSettingsInput, creating: boolean): Settings {
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
function checkPartOf(db: Db, actor: User, exam: { id: number | null; code: string }, partOf: number): void {
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

export function partsOf(db: Db, examId: number): string[] {
  return (db.prepare('SELECT code FROM exams WHERE part_of = ? ORDER BY code').all(examId) as { code: string }[]).map((r) => r.code);
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

const CODE = /^[^\s]{1,64}$/;

/** A planner creates a test and becomes its planner contributor. */
export function createExam(db: Db, actor: User, code: string, input: ExamSettingsInput, now: Date): Exam {
  requireRole(actor, 'planner', 'create a test');
  if (!CODE.test(code)) {
    throw new ValidationError(`invalid test code "${code}": up to 64 characters, no spaces`);
  }
  const base = { ...DEFAULTS, course: '', year: 0, term: '' as Exam['term'], title: '' };
  return writeTx(db, () => {
    const settings = applyInput(db, base, input, true);
    const dup = findExam(db, code);
    if (dup) throw new ConflictError(`a test with code "${code}" already exists (${dup.title}); nothing changed`);
    if (settings.partOf !== null) checkPartOf(db, actor, { id: null, code }, settings.partOf);
    const at = now.toISOString();
    const cols = SETTING_KEYS.map((k) => COLUMN[k]);
    const id = Number(
      db
        .prepare(
          `INSERT INTO exams (code, ${cols.join(', ')}, created_by, created_at) VALUES (?, ${cols.map(() => '?').join(', ')}, ?, ?)`,
        )
        .run(code, ...SETTING_KEYS.map((k) => toColumn(settings[k])), actor.id, at).lastInsertRowid,
    );
    db.prepare(`INSERT INTO contributors (exam_id, user_id, role) VALUES (?, ?, 'planner')`).run(id, actor.id);
    recordEvent(db, { actorId: actor.id, kind: 'tests.create', at, examId: id, subject: code, new: describe(db, settings) });
    recordEvent(db, {
      actorId: actor.id,
      kind: 'tests.contributors.add',
      at,
      examId: id,
      subjectUserId: actor.id,
      subject: actor.username,
      new: { role: 'planner', why: 'creator' },
    });
    return findExamById(db, id)!;
  });
}

function toColumn(v: unknown): string | number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v as string | number | null;
}

/** Settings as people read them in the event log: location and part-of by name. */
function describe(db: Db, s: Partial<Settings>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) {
    if (!(k in s)) continue;
    if (k === 'locationId') out.location = s.locationId === null ? null : findLocationById(db, s.locationId!)?.name;
    else if (k === 'partOf') out.partOf = s.partOf === null ? null : findExamById(db, s.partOf!)?.code;
    else out[k] = s[k];
  }
  return out;
}

export interface UpdateResult {
  exam: Exam;
  changed: Record<string, { old: unknown; new: unknown }>;
}

/** Changes a test's settings (planner on the test). Nothing given, or nothing different, is a no-op. */
export function updateExam(db: Db, actor: User, code: string, input: ExamSettingsInput, now: Date): UpdateResult {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `change test ${exam.code}`);
  return writeTx(db, () => {
    const before: Settings = pickSettings(exam);
    const after = applyInput(db, before, input, false);
    const keys = SETTING_KEYS.filter((k) => before[k] !== after[k]);
    if (keys.length === 0) return { exam, changed: {} };
    const meaning = keys.filter((k) => GRADE_MEANING.includes(k) && !(k === 'ungradedPart' && !after.ungradedPart));
    if (meaning.length) {
      const n = recordedGradeCount(db, exam.id);
      if (n > 0) {
        throw new ConflictError(
          `cannot change ${meaning.map(flagOf).join(' or ')} of ${exam.code}: ${n} grade${n === 1 ? '' : 's'} or mark${n === 1 ? '' : 's'} already recorded would change meaning; nothing changed`,
          ['clear the grades first or create a new test'],
        ).withFixes([{ act: 'clear-grades', test: exam.code }]);
      }
    }
    if (keys.includes('registration')) {
      const barred = gradedButBarred(db, { id: exam.id, registration: after.registration });
      if (barred.length) {
        throw new ConflictError(
          `cannot make ${exam.code} a grade registration test: candidate${barred.length === 1 ? '' : 's'} ${barred.map((b) => b.number).join(', ')} ${barred.length === 1 ? 'has a grade or mark it' : 'have grades or marks they'} could no longer take (${barred[0]!.reason}); nothing changed`,
          [`clear ${barred.length === 1 ? 'that grade' : 'those grades'} first or change the status`],
        ).withFixes([
          { act: 'clear-grades', test: exam.code, candidates: barred.map((b) => b.number) },
          { act: 'set-status', test: exam.code, candidates: barred.map((b) => b.number) },
        ]);
      }
    }
    if (keys.includes('groupMode')) {
      const g = (db.prepare('SELECT count(*) AS n FROM groups WHERE exam_id = ?').get(exam.id) as { n: number }).n;
      if (g > 0) {
        throw new ConflictError(
          `cannot change the group mode of ${exam.code} from ${before.groupMode} to ${after.groupMode}: it has ${g} group${g === 1 ? '' : 's'}; nothing changed`,
        );
      }
    }
    if (keys.includes('partOf') && after.partOf !== null) checkPartOf(db, actor, exam, after.partOf);
    db.prepare(`UPDATE exams SET ${keys.map((k) => `${COLUMN[k]} = ?`).join(', ')} WHERE id = ?`).run(
      ...keys.map((k) => toColumn(after[k])),
      exam.id,
    );
    const oldDoc = describe(db, Object.fromEntries(keys.map((k) => [k, before[k]])));
    const newDoc = describe(db, Object.fromEntries(keys.map((k) => [k, after[k]])));
    recordEvent(db, { actorId: actor.id, kind: 'tests.update', at: now.toISOString(), examId: exam.id, subject: exam.code, old: oldDoc, new: newDoc });
    const changed: UpdateResult['changed'] = {};
    for (const k of Object.keys(newDoc)) changed[k] = { old: oldDoc[k], new: newDoc[k] };
    return { exam: findExamById(db, exam.id)!, changed };
  });
}

function flagOf(k: keyof Settings): string {
  return k === 'ungradedPart' ? 'ungraded-part' : k;
}

function pickSettings(e: Exam): Settings {
  return Object.fromEntries(SETTING_KEYS.map((k) => [k, e[k]])) as unknown as Settings;
}

/** Whether the actor may read the test: it acts on it in some role, has extended access, or is a candidate on it. */
export function canSeeExam(db: Db, actor: User, exam: { id: number }): boolean {
  if (!actor.active) return false;
  if (actor.kind === 'student') {
    return !!db.prepare('SELECT 1 FROM candidates WHERE exam_id = ? AND student_id = ?').get(exam.id, actor.id);
  }
  if (actor.extended) return true;
  return contributorRolesOn(db, actor.id, exam.id).some((r) => hasRole(actor, r));
}

export function requireSeeExam(db: Db, actor: User, code: string): Exam {
  const exam = requireExam(db, code);
  requireActive(actor, `see test ${exam.code}`);
  if (!canSeeExam(db, actor, exam)) {
    throw new NotPermittedError(
      `${actor.username} may not see test ${exam.code}: ${actor.kind === 'student' ? 'not a candidate on it' : `not a contributor on test ${exam.code}`}`,
    );
  }
  return exam;
}

/**
 * Which tests the actor can act on, as a condition on `exams e` (the rule of canSeeExam, for a whole
 * list at once): all with extended access; a student's own tests as a candidate; else those it is a
 * contributor on in a role it holds.
 */
function visibleExams(actor: User): { where: string; params: Record<string, unknown> } {
  if (actor.kind === 'student') {
    return { where: 'EXISTS (SELECT 1 FROM candidates s WHERE s.exam_id = e.id AND s.student_id = :actor)', params: { actor: actor.id } };
  }
  if (actor.extended) return { where: '1', params: {} };
  return {
    where: 'EXISTS (SELECT 1 FROM contributors k WHERE k.exam_id = e.id AND k.user_id = :actor AND k.role IN (SELECT value FROM json_each(:roles)))',
    params: { actor: actor.id, roles: JSON.stringify(effectiveRoles(actor)) },
  };
}

/** Tests the actor can act on: all with extended access; a student's own tests as a candidate. */
export function listExams(db: Db, actor: User): Exam[] {
  requireActive(actor, 'list tests');
  const v = visibleExams(actor);
  return (db.prepare(`SELECT e.* FROM exams e WHERE ${v.where} ORDER BY e.code`).all(v.params) as ExamRow[]).map(rowToExam);
}

/**
 * The views of the tests listExams returns, in one statement: each test's row joined with its
 * location, the aggregate it is part of, its parts and its candidates, grouped per test. A
 * university lists thousands of tests; a few queries per test would be most of the time spent.
 */
export function listExamViews(db: Db, actor: User): ExamView[] {
  requireActive(actor, 'list tests');
  const v = visibleExams(actor);
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
       GROUP BY e.id
       ORDER BY e.code`,
    )
    .all(v.params) as Array<ExamRow & { location_name: string | null; part_of_code: string | null; part_codes: string | null; candidate_count: number }>;
  return rows.map((r) =>
    toView(rowToExam(r), {
      location: r.location_name,
      partOf: r.part_of_code,
      parts: r.part_codes === null ? [] : (JSON.parse(r.part_codes) as string[]),
      candidates: r.candidate_count,
    }),
  );
}

export function candidateCount(db: Db, examId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM candidates WHERE exam_id = ?').get(examId) as { n: number }).n;
}

export interface Finding {
  kind:
    | 'candidate-without-committee'
    | 'committee-without-grader'
    | 'no-location'
    | 'no-start'
    | 'no-duration'
    | 'candidate-without-group'
    | 'empty-group'
    | 'aggregate-not-registration';
  message: string;
  /** Candidate numbers, committee or group names the finding is about. */
  items: string[];
}

/** What is missing before the test can run and be graded. */
export function checkExam(db: Db, actor: User, code: string): { exam: Exam; findings: Finding[] } {
  const exam = requireExam(db, code);
  requireExamRole(db, actor, exam, ['planner'], `check test ${exam.code}`);
  const findings: Finding[] = [];
  const noCommittee = (
    db.prepare('SELECT number FROM candidates WHERE exam_id = ? AND committee_id IS NULL ORDER BY number').all(exam.id) as { number: string }[]
  ).map((r) => r.number);
  if (noCommittee.length) {
    findings.push({
      kind: 'candidate-without-committee',
      message: `${noCommittee.length} candidate${noCommittee.length === 1 ? ' is' : 's are'} in no committee`,
      items: noCommittee,
    });
  }
  const noGrader = (
    db
      .prepare(
        `SELECT name FROM committees m WHERE exam_id = ? AND NOT EXISTS (SELECT 1 FROM committee_graders g WHERE g.committee_id = m.id)
         ORDER BY name`,
      )
      .all(exam.id) as { name: string }[]
  ).map((r) => r.name);
  if (noGrader.length) {
    findings.push({ kind: 'committee-without-grader', message: `${noGrader.length} committee${noGrader.length === 1 ? ' has' : 's have'} no grader`, items: noGrader });
  }
  if (exam.kind === 'school') {
    if (exam.locationId === null) findings.push({ kind: 'no-location', message: 'school exam with no location set', items: [] });
    if (exam.start === null) findings.push({ kind: 'no-start', message: 'school exam with no start time set', items: [] });
    if (exam.duration === null) findings.push({ kind: 'no-duration', message: 'school exam with no duration set; capacity checks skip it', items: [] });
  }
  if (exam.groupMode !== 'none') findings.push(...groupFindings(db, exam.id));
  const parts = partsOf(db, exam.id);
  if (parts.length && !exam.registration) {
    findings.push({
      kind: 'aggregate-not-registration',
      message: `aggregate of ${parts.join(', ')} but not set as a grade registration test`,
      items: parts,
    });
  }
  return { exam, findings };
}

/** Group-test findings: every candidate, also one who writes alone, must be in a group. */
export function groupFindings(db: Db, examId: number): Finding[] {
  const out: Finding[] = [];
  const noGroup = (
    db.prepare('SELECT number FROM candidates WHERE exam_id = ? AND group_id IS NULL ORDER BY number').all(examId) as { number: string }[]
  ).map((r) => r.number);
  if (noGroup.length) {
    out.push({
      kind: 'candidate-without-group',
      message: `${noGroup.length} candidate${noGroup.length === 1 ? ' is' : 's are'} in no group (one who writes alone needs a group too)`,
      items: noGroup,
    });
  }
  const empty = (
    db
      .prepare(
        `SELECT name FROM groups g WHERE exam_id = ? AND NOT EXISTS (SELECT 1 FROM candidates c WHERE c.group_id = g.id) ORDER BY name`,
      )
      .all(examId) as { name: string }[]
  ).map((r) => r.name);
  if (empty.length) out.push({ kind: 'empty-group', message: `${empty.length} group${empty.length === 1 ? ' has' : 's have'} no members`, items: empty });
  return out;
}

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

function toView(e: Exam, r: ViewRelations): ExamView {
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
