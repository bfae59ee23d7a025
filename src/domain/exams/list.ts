import type { Db } from '../../db/open.js';
import { requireActive } from '../access/access.js';
import type { User } from '../people/users.js';
import { rowToExam, type Exam, type ExamRow } from './exams.js';
import { toView, type ExamView } from './view.js';
import { visibleExams } from './visible.js';

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
