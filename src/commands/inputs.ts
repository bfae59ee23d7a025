import { formatIssue, ValidationError, type ExamctlError } from '../errors.js';
import type { InputName, InputRef } from '../domain/words.js';

/** Each value the domain names, as a user gives it on the command line. */
const FLAGS: Record<InputName, string> = {
  actor: '--as',
  since: '--since',
  limit: '--limit',
  from: '--from',
  to: '--to',
  file: '--file',
  course: '--course',
  title: '--title',
  variant: '--variant',
  year: '--year',
  term: '--term',
  kind: '--kind',
  scale: '--scale',
  marking: '--marking',
  confirmMode: '--confirm',
  confirmBy: '--confirm-by',
  groupMode: '--groups',
  registration: '--registration',
  start: '--start',
  duration: '--duration',
  location: '--location',
  countsTowardFinal: '--counts-toward-final',
  compulsory: '--compulsory',
  seb: '--seb',
  partOf: '--part-of',
  ungradedPart: '--ungraded-part',
  weights: '--weights',
  thresholds: '--set',
  points: '--points',
  candidate: '--candidate',
  student: '--student',
  pin: '--pin',
  name: '--name',
  password: '--password',
  // A user's username is the argument of users add, not an option.
  username: 'username',
  email: '--email',
  logins: '--login',
  hasNin: '--nin',
  feideActivated: '--feide-activated',
};

/** `--part-of`, or `--no-ungraded-part` for a switch turned off. */
export function flagOf(r: InputRef): string {
  const f = FLAGS[r.input];
  return r.off ? f.replace(/^--/, '--no-') : f;
}

/** An error's message as a user reads it: about a value, it starts with its flag (`--since: ...`). */
export function messageOf(err: ExamctlError): string {
  return `${err.input ? `${flagOf({ input: err.input })}: ` : ''}${err.words.spell(flagOf)}`;
}

/** The lines under the message: every problem of an input, each value named by its flag. */
export function detailsOf(err: ExamctlError): string[] {
  return err instanceof ValidationError && err.issues.length ? err.issues.map((i) => formatIssue(i, flagOf)) : err.details;
}
