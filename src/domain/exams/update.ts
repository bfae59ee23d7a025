import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/open.js';
import { ConflictError } from '../../errors.js';
import { requireExamRole } from '../access/access.js';
import { gradedButBarred } from '../candidates/candidates.js';
import { groupCount } from '../candidates/store-groups.js';
import { recordEvent } from '../log/events.js';
import type { User } from '../people/users.js';
import { requireExam } from './exams.js';
import {
  applyInput,
  checkPartOf,
  describe,
  flagOf,
  GRADE_MEANING,
  pickSettings,
  SETTING_KEYS,
  type ExamSettingsInput,
  type Settings,
} from './settings.js';
import { findExamById, recordedGradeCount, updateExamSettings, type Exam } from './store.js';

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
      const g = groupCount(db, exam.id);
      if (g > 0) {
        throw new ConflictError(
          `cannot change the group mode of ${exam.code} from ${before.groupMode} to ${after.groupMode}: it has ${g} group${g === 1 ? '' : 's'}; nothing changed`,
        );
      }
    }
    if (keys.includes('partOf') && after.partOf !== null) checkPartOf(db, actor, exam, after.partOf);
    updateExamSettings(db, exam.id, Object.fromEntries(keys.map((k) => [k, after[k]])));
    const oldDoc = describe(db, Object.fromEntries(keys.map((k) => [k, before[k]])));
    const newDoc = describe(db, Object.fromEntries(keys.map((k) => [k, after[k]])));
    recordEvent(db, { actorId: actor.id, kind: 'tests.update', at: now.toISOString(), examId: exam.id, subject: exam.code, old: oldDoc, new: newDoc });
    const changed: UpdateResult['changed'] = {};
    for (const k of Object.keys(newDoc)) changed[k] = { old: oldDoc[k], new: newDoc[k] };
    return { exam: findExamById(db, exam.id)!, changed };
  });
}
