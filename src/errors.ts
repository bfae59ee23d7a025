import type { Fix } from './domain/fixes.js';
import { domainName, Words, type InputName, type InputRef } from './domain/words.js';

/**
 * One error taxonomy. Every failure a user can cause is one of these; main.ts maps them to the
 * documented exit codes. Anything else is an unexpected failure (exit 1).
 */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  notPermitted: 3,
  notFound: 4,
  conflict: 5,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** One problem in an input, located as precisely as we know it. */
export interface Issue {
  file?: string;
  sheet?: string | null;
  row?: number | null;
  column?: string | null;
  value?: string | null;
  message: string;
  /** The value at fault, by its domain name: printed first, as the user gave it (`--year "26": ...`). */
  input?: InputName;
  /** The message with the values it names kept as data (`message` is its plain text). */
  words?: Words;
}

/** An issue whose message names values: `message` is its plain text, `words` keeps them as data. */
export function issueOf(words: Words, at: Omit<Issue, 'message' | 'words'> = {}): Issue {
  return { ...at, message: words.spell(), words };
}

export abstract class ExamctlError extends Error {
  abstract readonly exitCode: ExitCodeValue;
  /** Extra lines printed under the message (one per offending item). */
  readonly details: string[];
  /** The message with the values it names kept as data; `message` is its plain text. */
  readonly words: Words;
  /** The value at fault, by its domain name (`since`, `thresholds`): the message is about it. */
  input?: InputName;
  /** Steps that would remove the refusal, as data; printed as command lines under the message. */
  fixes: Fix[] = [];
  withFixes(fixes: Fix[]): this {
    this.fixes = fixes;
    return this;
  }
  withInput(input: InputName): this {
    this.input = input;
    return this;
  }
  constructor(message: string | Words, details: string[] = []) {
    const words = typeof message === 'string' ? new Words([message]) : message;
    super(words.spell());
    this.name = new.target.name;
    this.words = words;
    this.details = details;
  }
}

/** Bad usage: unknown option, malformed argument, a decision needed where no one can answer. */
export class UsageError extends ExamctlError {
  readonly exitCode = ExitCode.usage;
}

/** Invalid input data: every problem listed, nothing written. */
export class ValidationError extends ExamctlError {
  readonly exitCode = ExitCode.usage;
  readonly issues: Issue[];
  constructor(message: string | Words, issues: Issue[] = []) {
    super(message, issues.map((i) => formatIssue(i)));
    this.issues = issues;
  }
}

export class NotPermittedError extends ExamctlError {
  readonly exitCode = ExitCode.notPermitted;
}

export class NotFoundError extends ExamctlError {
  readonly exitCode = ExitCode.notFound;
}

/** The request clashes with the current state (duplicate, confirmed grade, conflict, newer database...). */
export class ConflictError extends ExamctlError {
  readonly exitCode = ExitCode.conflict;
}

export function exitCodeOf(err: unknown): ExitCodeValue {
  return err instanceof ExamctlError ? err.exitCode : ExitCode.unexpected;
}

/**
 * `file, sheet S, row 4, column B (grade): found "a"; expected ...`, or for a value the user gave,
 * `year "26": expected ...`; `name` writes the values named (the command layer: as flags).
 */
export function formatIssue(issue: Issue, name: (r: InputRef) => string = domainName): string {
  const message = issue.words ? issue.words.spell(name) : issue.message;
  if (issue.input) return `${name({ input: issue.input })}${issue.value != null ? ` ${JSON.stringify(issue.value)}` : ''}: ${message}`;
  const where: string[] = [];
  if (issue.file) where.push(issue.file);
  if (issue.sheet) where.push(`sheet ${issue.sheet}`);
  if (issue.row != null) where.push(`row ${issue.row}`);
  if (issue.column) where.push(`column ${issue.column}`);
  const found = issue.value != null ? `found ${JSON.stringify(issue.value)}: ` : '';
  return `${where.length ? where.join(', ') + ': ' : ''}${found}${message}`;
}
