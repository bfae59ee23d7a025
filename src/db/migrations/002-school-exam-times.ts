import type { Migration } from '../migrate.js';

/**
 * Lets a capacity check read only the school exams that overlap its range instead of every one
 * ever held. exams.start keeps the offset it was given, so its text does not sort by time:
 * the index holds instants, unixepoch() of the start and of the end (start + duration), the end
 * first since "ends after the range begins" is the bound that cuts most (the past).
 */
export const schoolExamTimes: Migration = {
  version: 2,
  name: '002-school-exam-times',
  up(db) {
    db.exec(`
      CREATE INDEX exams_school_times ON exams ((unixepoch(start) + 60 * duration), unixepoch(start))
        WHERE kind = 'school' AND location_id IS NOT NULL;
      -- The school exams at a location whose start or duration is missing: every check names them.
      CREATE INDEX exams_school_undated ON exams (code)
        WHERE kind = 'school' AND location_id IS NOT NULL AND (start IS NULL OR duration IS NULL);
    `);
  },
};
