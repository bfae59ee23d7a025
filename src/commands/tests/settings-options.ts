import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { EXAM_DEFAULTS, type ExamSettingsInput } from '../../domain/exams/settings.js';

/** The flags of `tests create` and `tests update`; `--no-<flag>` clears or turns off a setting on update. */
export interface SettingsFlags {
  course?: string;
  year?: string;
  term?: string;
  title?: string;
  variant?: string | false;
  kind?: string;
  registration?: boolean;
  digital?: boolean;
  analogue?: boolean;
  scale?: string;
  start?: string | false;
  duration?: string | false;
  location?: string | false;
  marking?: string;
  confirm?: string;
  confirmBy?: string;
  groups?: string;
  midterm?: boolean;
  countsTowardFinal?: boolean;
  compulsory?: boolean;
  seb?: boolean;
  partOf?: string | false;
  ungradedPart?: boolean;
}

export function addSettingsOptions(cmd: Command): Command {
  return cmd
    .option('--course <code>', 'course code')
    .option('--year <yyyy>', 'year')
    .option('--term <term>', 'spring or autumn')
    .option('--title <title>', 'title')
    .option('--variant <v>', 'assessment part (variant)')
    .option('--no-variant', 'clear the variant')
    .option('--kind <kind>', `school, home, oral, practical or assignment (default ${EXAM_DEFAULTS.kind})`)
    .option('--registration', 'a grade registration test: no submissions')
    .option('--no-registration', 'a test with submissions')
    .option('--digital', `a digital test${EXAM_DEFAULTS.digital ? ' (the default)' : ''}`)
    .option('--analogue', `an analogue (paper) test${EXAM_DEFAULTS.digital ? '' : ' (the default)'}`)
    .option('--scale <scale>', `letter, passfail or points (default ${EXAM_DEFAULTS.scale})`)
    .option('--start <ISO 8601>', 'start, e.g. 2026-12-01T09:00 (local time) or 2026-12-01T09:00+01:00')
    .option('--no-start', 'clear the start')
    .option('--duration <minutes>', 'duration in minutes')
    .option('--no-duration', 'clear the duration')
    .option('--location <name>', 'location (see locations list)')
    .option('--no-location', 'clear the location')
    .option('--marking <mode>', `private or shared (default ${EXAM_DEFAULTS.marking})`)
    .option('--confirm <mode>', `collective or per-candidate (default ${EXAM_DEFAULTS.confirmMode})`)
    .option('--confirm-by <who>', `one or all graders (default ${EXAM_DEFAULTS.confirmBy})`)
    .option('--groups <mode>', `none, predefined, open or password (default ${EXAM_DEFAULTS.groupMode})`)
    .option('--midterm', 'a mid-term test (at least 120 minutes, counts toward final, compulsory, SEB when digital)')
    .option('--no-midterm', 'not a mid-term test')
    .option('--counts-toward-final', 'counts toward the final grade')
    .option('--no-counts-toward-final', 'does not count toward the final grade')
    .option('--compulsory', 'compulsory attendance')
    .option('--no-compulsory', 'attendance not compulsory')
    .option('--seb', 'runs in Safe Exam Browser')
    .option('--no-seb', 'does not run in Safe Exam Browser')
    .option('--part-of <aggregate test>', 'a part of this aggregate (portfolio) test')
    .option('--no-part-of', 'no longer a part of an aggregate test')
    .option('--ungraded-part', 'a part that takes no grade of its own (needs --part-of)')
    .option('--no-ungraded-part', 'a part that takes its own grade');
}

export function settingsInput(f: SettingsFlags): ExamSettingsInput {
  if (f.digital && f.analogue) throw new UsageError('--digital and --analogue contradict each other');
  return {
    course: f.course,
    year: f.year,
    term: f.term,
    title: f.title,
    variant: f.variant,
    kind: f.kind,
    registration: f.registration,
    digital: f.analogue ? false : f.digital ? true : undefined,
    scale: f.scale,
    start: f.start,
    duration: f.duration,
    location: f.location,
    marking: f.marking,
    confirmMode: f.confirm,
    confirmBy: f.confirmBy,
    groupMode: f.groups,
    midterm: f.midterm,
    countsTowardFinal: f.countsTowardFinal,
    compulsory: f.compulsory,
    seb: f.seb,
    partOf: f.partOf,
    ungradedPart: f.ungradedPart,
  };
}
