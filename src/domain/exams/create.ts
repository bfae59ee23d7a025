import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { requireRole } from '../access/access.js';
import { recordEvent } from '../log/events.js';
import type { User } from '../people/users.js';
import { applyInput, checkPartOf, describe, EXAM_DEFAULTS, type ExamSettingsInput } from './settings.js';
import { findExam, findExamById, insertExam, type Exam } from './store.js';
import { insertPlannerContributor } from '../access/store.js';

const CODE = /^[^\s]{1,64}$/;

/** A planner creates a test and becomes its planner contributor. */
export function createExam(db: Db, actor: User, code: string, input: ExamSettingsInput, now: Date): Exam {
  requireRole(actor, 'planner', 'create a test');
  if (!CODE.test(code)) {
    throw new ValidationError(`invalid test code "${code}": up to 64 characters, no spaces`);
  }
  const base = { ...EXAM_DEFAULTS, course: '', year: 0, term: '' as Exam['term'], title: '' };
  return writeTx(db, () => {
    const settings = applyInput(db, base, input, true);
    const dup = findExam(db, code);
    if (dup) throw new ConflictError(`a test with code "${code}" already exists (${dup.title}); nothing changed`);
    if (settings.partOf !== null) checkPartOf(db, actor, { id: null, code }, settings.partOf);
    const at = now.toISOString();
    const id = insertExam(db, code, settings, actor.id, at);
    insertPlannerContributor(db, id, actor.id);
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
