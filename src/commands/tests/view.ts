import type { ExamView } from '../../domain/exams/view.js';
import { formatLocal, startDate } from '../../domain/exams/exam-rules.js';

/** A stored start (with its offset) in the machine's local time, as people read it. */
export function localStart(start: string | null): string {
  return start === null ? '' : formatLocal(startDate(start));
}

/** `show` and `create` show a test as label/value lines for people. */
export function examLines(v: ExamView): string[] {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const rows: [string, string | number | null][] = [
    ['code', v.code],
    ['title', v.title],
    ['course', `${v.course} ${v.year} ${v.term}`],
    ['variant', v.variant],
    ['kind', `${v.kind}${v.registration ? ' (grade registration, no submissions)' : ''}${v.digital ? '' : ', analogue'}`],
    ['scale', v.scale],
    ['start', v.start === null ? null : `${localStart(v.start)} (local time; stored ${v.start})`],
    ['duration', v.duration === null ? null : `${v.duration} min`],
    ['location', v.location],
    ['marking', v.marking],
    ['confirm', `${v.confirm}, by ${v.confirmBy}`],
    ['groups', v.groups],
    ['mid-term', v.midterm ? `yes (counts toward final: ${yes(v.countsTowardFinal)}, compulsory: ${yes(v.compulsory)}, SEB: ${yes(v.seb)})` : 'no'],
    ['part of', v.partOf === null ? null : `${v.partOf}${v.ungradedPart ? ' (ungraded part)' : ''}`],
    ['parts', v.parts.length ? v.parts.join(', ') : null],
    ['candidates', v.candidates],
  ];
  return rows.filter(([, val]) => val !== null && val !== '').map(([k, val]) => `${(k + ':').padEnd(12)}${val}`);
}
