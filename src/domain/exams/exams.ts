import type { Db } from '../../db/open.js';
import { NotFoundError } from '../../errors.js';
import { findExam, type Exam } from './store.js';

export { findExam, findExamById, partsOf, type Exam } from './store.js';

/** The test with this code, or exit 4. */
export function requireExam(db: Db, code: string): Exam {
  const e = findExam(db, code);
  if (!e) throw new NotFoundError(`no test with code "${code}"`);
  return e;
}
