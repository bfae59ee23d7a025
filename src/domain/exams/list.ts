import type { Db } from '../../db/open.js';
import { requireActive } from '../access/access.js';
import type { User } from '../people/users.js';
import { examsIn, examsWithRelationsIn, type Exam } from './store.js';
import { toView, type ExamView } from './view.js';
import { map } from '../../iter.js';
import { visibleExams } from './visible.js';

/** Tests the actor can act on: all with extended access; a student's own tests as a candidate. */
export function listExams(db: Db, actor: User): Exam[] {
  requireActive(actor, 'list tests');
  return examsIn(db, visibleExams(actor));
}

/**
 * The views of the tests listExams returns, in one statement read row by row: each test's row joined with its
 * location, the aggregate it is part of, its parts and its candidates, grouped per test. A
 * university lists thousands of tests; a few queries per test would be most of the time spent.
 */
export function listExamViews(db: Db, actor: User): Iterable<ExamView> {
  requireActive(actor, 'list tests');
  return map(examsWithRelationsIn(db, visibleExams(actor)), ({ exam, ...relations }) => toView(exam, relations));
}
