import type { Db } from '../../db/open.js';
import type { Candidate } from '../candidates/candidates.js';
import { scopeWhere, type ExamScope } from '../exams/store.js';

/**
 * Every statement of the work after grading: deadlines, transfers, explanations and appeals.
 * Rows come out as domain objects; no rule lives here.
 */

// ---------- grading deadlines

export function readDeadline(db: Db, examId: number): { deadline: string | null; reason: string | null } {
  const r = db.prepare('SELECT grading_deadline AS deadline, grading_deadline_reason AS reason FROM exams WHERE id = ?').get(examId) as
    | { deadline: string | null; reason: string | null }
    | undefined;
  return r ?? { deadline: null, reason: null };
}

export function writeDeadline(db: Db, examId: number, deadline: string | null, reason: string | null): void {
  db.prepare('UPDATE exams SET grading_deadline = ?, grading_deadline_reason = ? WHERE id = ?').run(deadline, reason, examId);
}

export interface OpenCommitteeRow {
  examId: number;
  code: string;
  kind: string;
  start: string | null;
  deadline: string | null;
  reason: string | null;
  committee: string | null;
  appeal: boolean;
  open: number;
  /** On an appeal committee: the latest day one of its open appeals came. */
  appealReceived: string | null;
}

/**
 * Per test the actor sees (`visible` is a condition on `exams e`) and committee, how many candidates
 * that take a grade have none confirmed. Ungraded parts record points only and are left out.
 */
export function openCommittees(db: Db, scope: ExamScope): OpenCommitteeRow[] {
  const visible = scopeWhere(scope);
  const rows = db
    .prepare(
      `SELECT e.id AS examId, e.code, e.kind, e.start, e.grading_deadline AS deadline, e.grading_deadline_reason AS reason,
              m.name AS committee, coalesce(m.appeal, 0) AS appeal, count(*) AS open, max(a.received_on) AS appealReceived
       FROM exams e
       JOIN candidates c ON c.exam_id = e.id
       LEFT JOIN committees m ON m.id = c.committee_id
       LEFT JOIN appeals a ON a.candidate_id = c.id AND a.committee_id = c.committee_id
       LEFT JOIN grades g ON g.candidate_id = c.id
       WHERE (${visible.where}) AND e.ungraded_part = 0
         AND coalesce(g.confirmed, 0) = 0
         AND CASE WHEN e.registration = 1 THEN c.status IN ('attended', 'submitted') ELSE c.status NOT IN ('absent', 'withdrawn') END
       GROUP BY e.id, c.committee_id, m.name, m.appeal
       ORDER BY e.code, m.name`,
    )
    .all(visible.params) as (Omit<OpenCommitteeRow, 'appeal'> & { appeal: number })[];
  return rows.map((r) => ({ ...r, appeal: r.appeal === 1 }));
}

// ---------- transfers and publication

export interface RegistryRow {
  candidateId: number;
  grade: string | null;
  points: number | null;
  /** Publication date of the first transfer that carried a grade of this candidate. */
  firstPublished: string;
  /** Publication date of the latest transfer that carried one. */
  lastPublished: string;
  lastTransfer: number;
}

/** What the registry holds for each candidate of the test: the latest row transferred. */
export function registryOf(db: Db, examId: number): Map<number, RegistryRow> {
  const rows = db
    .prepare(
      `SELECT r.candidate_id AS candidateId, r.grade, r.points, t.published_on AS published, t.number
       FROM transfer_rows r JOIN transfers t ON t.id = r.transfer_id
       WHERE t.exam_id = ? ORDER BY t.number`,
    )
    .all(examId) as { candidateId: number; grade: string | null; points: number | null; published: string; number: number }[];
  const out = new Map<number, RegistryRow>();
  for (const r of rows) {
    const before = out.get(r.candidateId);
    out.set(r.candidateId, {
      candidateId: r.candidateId,
      grade: r.grade,
      points: r.points,
      firstPublished: before?.firstPublished ?? r.published,
      lastPublished: r.published,
      lastTransfer: r.number,
    });
  }
  return out;
}

/** The publication of one candidate's grades: first and latest, or null when never published. */
export function publicationOf(db: Db, candidateId: number): { first: string; last: string; lastAt: string } | null {
  const r = db
    .prepare(
      `SELECT min(t.published_on) AS first, max(t.published_on) AS last, max(t.at) AS lastAt
       FROM transfer_rows r JOIN transfers t ON t.id = r.transfer_id WHERE r.candidate_id = ?`,
    )
    .get(candidateId) as { first: string | null; last: string | null; lastAt: string | null };
  return r.first === null ? null : { first: r.first, last: r.last!, lastAt: r.lastAt! };
}

export interface TransferRowInput {
  candidateId: number;
  grade: string | null;
  points: number | null;
  confirmedAt: string | null;
  correction: boolean;
}

export function insertTransfer(
  db: Db,
  t: { examId: number; format: string; fileName: string | null; sha256: string; actorId: number; at: string; publishedOn: string },
  rows: TransferRowInput[],
): number {
  const last = db.prepare('SELECT coalesce(max(number), 0) AS n FROM transfers WHERE exam_id = ?').get(t.examId) as { n: number };
  const number = last.n + 1;
  const id = Number(
    db
      .prepare(
        `INSERT INTO transfers (exam_id, number, format, file_name, sha256, actor_id, at, published_on)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(t.examId, number, t.format, t.fileName, t.sha256, t.actorId, t.at, t.publishedOn).lastInsertRowid,
  );
  const add = db.prepare(
    'INSERT INTO transfer_rows (transfer_id, candidate_id, grade, points, confirmed_at, correction) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const r of rows) add.run(id, r.candidateId, r.grade, r.points, r.confirmedAt, r.correction ? 1 : 0);
  return number;
}

export interface TransferView {
  number: number;
  at: string;
  published: string;
  actor: string;
  format: string;
  file: string | null;
  sha256: string;
  rows: number;
  corrections: number;
}

export function transfersOf(db: Db, examId: number): TransferView[] {
  return db
    .prepare(
      `SELECT t.number, t.at, t.published_on AS published, u.username AS actor, t.format, t.file_name AS file, t.sha256,
              (SELECT count(*) FROM transfer_rows r WHERE r.transfer_id = t.id) AS rows,
              (SELECT count(*) FROM transfer_rows r WHERE r.transfer_id = t.id AND r.correction = 1) AS corrections
       FROM transfers t JOIN users u ON u.id = t.actor_id WHERE t.exam_id = ? ORDER BY t.number`,
    )
    .all(examId) as TransferView[];
}

/** Candidates of the test whose grades the registry has published. */
export function publishedIds(db: Db, examId: number): Set<number> {
  const rows = db
    .prepare('SELECT DISTINCT r.candidate_id AS id FROM transfer_rows r JOIN transfers t ON t.id = r.transfer_id WHERE t.exam_id = ?')
    .all(examId) as { id: number }[];
  return new Set(rows.map((r) => r.id));
}

// ---------- explanations

export interface ExplanationRow {
  candidateId: number;
  number: string;
  student: string | null;
  requestedOn: string;
  requestedBy: string;
  text: string | null;
  givenOn: string | null;
  givenBy: string | null;
  /** The committee that graded the original grade (an appeal's candidate keeps it here). */
  committeeId: number | null;
}

const EXPLANATION_SELECT = `SELECT x.candidate_id AS candidateId, c.number, s.username AS student, x.requested_on AS requestedOn,
    r.username AS requestedBy, x.text, x.given_on AS givenOn, g.username AS givenBy,
    coalesce(a.original_committee_id, c.committee_id) AS committeeId
  FROM explanations x JOIN candidates c ON c.id = x.candidate_id
  LEFT JOIN users s ON s.id = c.student_id JOIN users r ON r.id = x.requested_by
  LEFT JOIN users g ON g.id = x.given_by LEFT JOIN appeals a ON a.candidate_id = c.id`;

export function readExplanation(db: Db, candidateId: number): ExplanationRow | undefined {
  return db.prepare(`${EXPLANATION_SELECT} WHERE x.candidate_id = ?`).get(candidateId) as ExplanationRow | undefined;
}

export function explanationsOf(db: Db, examId: number): ExplanationRow[] {
  return db.prepare(`${EXPLANATION_SELECT} WHERE c.exam_id = ? ORDER BY c.number`).all(examId) as ExplanationRow[];
}

export function insertExplanationRequest(db: Db, candidateId: number, on: string, by: number): void {
  db.prepare('INSERT INTO explanations (candidate_id, requested_on, requested_by) VALUES (?, ?, ?)').run(candidateId, on, by);
}

export function writeExplanation(db: Db, candidateId: number, text: string, on: string, by: number): void {
  db.prepare('UPDATE explanations SET text = ?, given_on = ?, given_by = ? WHERE candidate_id = ?').run(text, on, by, candidateId);
}

// ---------- appeals

export interface OriginalRound {
  grade: string | null;
  points: number | null;
  derived: boolean;
  source: string;
  confirmedAt: string | null;
  committee: string | null;
  marks: { graderId: number; grade: string | null; points: number | null }[];
  /** Everyone who marked, set or confirmed the original grade. */
  graders: number[];
}

export interface AppealRow {
  candidateId: number;
  number: string;
  studentId: number | null;
  student: string | null;
  receivedOn: string;
  filedBy: string;
  reason: string | null;
  committeeId: number | null;
  committee: string | null;
  originalCommitteeId: number | null;
  /** Null until the candidate joins an appeal committee: the original round still stands in the grades. */
  original: OriginalRound | null;
  settledGrade: string | null;
  settledReason: string | null;
  decidedAt: string | null;
}

const APPEAL_SELECT = `SELECT a.candidate_id AS candidateId, c.number, c.student_id AS studentId, s.username AS student,
    a.received_on AS receivedOn, f.username AS filedBy, a.reason, a.committee_id AS committeeId, m.name AS committee,
    a.original_committee_id AS originalCommitteeId, a.original, a.settled_grade AS settledGrade,
    a.settled_reason AS settledReason, a.decided_at AS decidedAt
  FROM appeals a JOIN candidates c ON c.id = a.candidate_id LEFT JOIN users s ON s.id = c.student_id
  JOIN users f ON f.id = a.filed_by LEFT JOIN committees m ON m.id = a.committee_id`;

type AppealDbRow = Omit<AppealRow, 'original'> & { original: string };
const toAppeal = (r: AppealDbRow): AppealRow => {
  const o = JSON.parse(r.original) as OriginalRound | Record<string, never>;
  return { ...r, original: 'source' in o ? (o as OriginalRound) : null };
};

export function readAppeal(db: Db, candidateId: number): AppealRow | undefined {
  const r = db.prepare(`${APPEAL_SELECT} WHERE a.candidate_id = ?`).get(candidateId) as AppealDbRow | undefined;
  return r && toAppeal(r);
}

export function appealsOf(db: Db, examId: number): AppealRow[] {
  return (db.prepare(`${APPEAL_SELECT} WHERE c.exam_id = ? ORDER BY c.number`).all(examId) as AppealDbRow[]).map(toAppeal);
}

export function appealsInCommittee(db: Db, committeeId: number): AppealRow[] {
  return (db.prepare(`${APPEAL_SELECT} WHERE a.committee_id = ? ORDER BY c.number`).all(committeeId) as AppealDbRow[]).map(toAppeal);
}

export function insertAppeal(db: Db, candidateId: number, on: string, by: number, reason: string | null): void {
  db.prepare("INSERT INTO appeals (candidate_id, received_on, filed_by, reason, original) VALUES (?, ?, ?, ?, '{}')").run(
    candidateId,
    on,
    by,
    reason,
  );
}

/**
 * Moves the candidate's original round out of the grading tables into its appeal, and seats the
 * candidate in the appeal committee: the appeal graders grade from nothing.
 */
export function openAppealRound(db: Db, cand: Pick<Candidate, 'id' | 'committeeId'>, committeeId: number): OriginalRound {
  const g = db.prepare('SELECT grade, points, derived, source, confirmed_at AS confirmedAt, updated_by AS by FROM grades WHERE candidate_id = ?').get(cand.id) as
    | { grade: string | null; points: number | null; derived: number; source: string; confirmedAt: string | null; by: number }
    | undefined;
  const marks = db.prepare('SELECT grader_id AS graderId, grade, points FROM marks WHERE candidate_id = ?').all(cand.id) as OriginalRound['marks'];
  const confirmers = (db.prepare('SELECT user_id AS id FROM confirmations WHERE candidate_id = ?').all(cand.id) as { id: number }[]).map((r) => r.id);
  const committee = cand.committeeId === null
    ? null
    : (db.prepare('SELECT name FROM committees WHERE id = ?').get(cand.committeeId) as { name: string }).name;
  const original: OriginalRound = {
    grade: g?.grade ?? null,
    points: g?.points ?? null,
    derived: g?.derived === 1,
    source: g?.source ?? 'none',
    confirmedAt: g?.confirmedAt ?? null,
    committee,
    marks,
    graders: [...new Set([...marks.map((m) => m.graderId), ...confirmers, ...(g ? [g.by] : [])])],
  };
  db.prepare('DELETE FROM marks WHERE candidate_id = ?').run(cand.id);
  db.prepare('DELETE FROM confirmations WHERE candidate_id = ?').run(cand.id);
  db.prepare('DELETE FROM grades WHERE candidate_id = ?').run(cand.id);
  db.prepare('UPDATE appeals SET committee_id = ?, original_committee_id = ?, original = ? WHERE candidate_id = ?').run(
    committeeId,
    cand.committeeId,
    JSON.stringify(original),
    cand.id,
  );
  db.prepare('UPDATE candidates SET committee_id = ? WHERE id = ?').run(committeeId, cand.id);
  return original;
}

export function writeSettlement(db: Db, candidateId: number, grade: string, reason: string, by: number, at: string): void {
  db.prepare('UPDATE appeals SET settled_grade = ?, settled_reason = ?, settled_by = ?, settled_at = ? WHERE candidate_id = ?').run(
    grade,
    reason,
    by,
    at,
    candidateId,
  );
}

/** Marks an appeal in grading decided when its candidate's grade is locked. Returns whether one was. */
export function decideAppeal(db: Db, candidateId: number, at: string): boolean {
  return (
    db.prepare('UPDATE appeals SET decided_at = ? WHERE candidate_id = ? AND committee_id IS NOT NULL AND decided_at IS NULL').run(at, candidateId)
      .changes > 0
  );
}

/** Clears a decision again when its grade is reopened before it is transferred. */
export function undecideAppeal(db: Db, candidateId: number): void {
  db.prepare('UPDATE appeals SET decided_at = NULL WHERE candidate_id = ?').run(candidateId);
}

// ---------- appeal committees

export function isAppealCommittee(db: Db, committeeId: number): boolean {
  const r = db.prepare('SELECT appeal FROM committees WHERE id = ?').get(committeeId) as { appeal: number } | undefined;
  return r?.appeal === 1;
}

export function insertAppealCommittee(db: Db, examId: number, name: string): number {
  return Number(db.prepare('INSERT INTO committees (exam_id, name, appeal) VALUES (?, ?, 1)').run(examId, name).lastInsertRowid);
}

export function committeeGraders(db: Db, committeeId: number): { id: number; username: string; kind: string }[] {
  return db
    .prepare(
      `SELECT u.id, u.username, u.kind FROM committee_graders g JOIN users u ON u.id = g.user_id
       WHERE g.committee_id = ? ORDER BY u.username`,
    )
    .all(committeeId) as { id: number; username: string; kind: string }[];
}

/** Candidates (by id) that the user grades from an appeal committee on the test. */
export function appealCandidatesOfGrader(db: Db, userId: number, examId: number): Set<number> {
  const rows = db
    .prepare(
      `SELECT a.candidate_id AS id FROM appeals a JOIN committees m ON m.id = a.committee_id
       JOIN committee_graders g ON g.committee_id = m.id WHERE g.user_id = ? AND m.exam_id = ?`,
    )
    .all(userId, examId) as { id: number }[];
  return new Set(rows.map((r) => r.id));
}

/** Tests on which the user grades appeals from an appeal committee. */
export function appealExamsOfGrader(db: Db, userId: number): Set<number> {
  const rows = db
    .prepare(
      `SELECT DISTINCT m.exam_id AS id FROM committees m JOIN committee_graders g ON g.committee_id = m.id
       WHERE m.appeal = 1 AND g.user_id = ? AND EXISTS (SELECT 1 FROM appeals a WHERE a.committee_id = m.id)`,
    )
    .all(userId) as { id: number }[];
  return new Set(rows.map((r) => r.id));
}

/** Everyone who wrote a private mark on the candidate. */
export function markAuthors(db: Db, candidateId: number): number[] {
  return (db.prepare('SELECT grader_id AS id FROM marks WHERE candidate_id = ?').all(candidateId) as { id: number }[]).map((r) => r.id);
}

/** The appellants the user grades from an appeal committee, as test code and candidate number. */
export function appellantsOfGrader(db: Db, userId: number): { test: string; number: string }[] {
  return db
    .prepare(
      `SELECT e.code AS test, c.number FROM appeals a JOIN candidates c ON c.id = a.candidate_id JOIN exams e ON e.id = c.exam_id
       JOIN committee_graders g ON g.committee_id = a.committee_id WHERE g.user_id = ?`,
    )
    .all(userId) as { test: string; number: string }[];
}
