import type { Migration } from '../migrate.js';
import { initialSchema } from './001-initial-schema.js';
import { schoolExamTimes } from './002-school-exam-times.js';
import { eventLogIndexes } from './003-event-log-indexes.js';
import { afterGrading } from './004-after-grading.js';
import { referencesByStatement } from './005-references-by-statement.js';
import { referencesByRange } from './006-references-by-range.js';

/** Append-only. Never edit or reorder a migration that has shipped. */
export const migrations: Migration[] = [initialSchema, schoolExamTimes, eventLogIndexes, afterGrading, referencesByStatement, referencesByRange];

/** The schema version this examctl writes and reads. */
export const LATEST_VERSION = migrations.length;
