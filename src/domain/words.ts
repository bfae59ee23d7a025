/**
 * Messages that name a value the user gives by its domain name (`pin`, `since`, `thresholds`),
 * never by how a command line spells it: the command layer writes each as the user types it
 * (src/commands/inputs.ts turns `thresholds` into `--set`).
 */

/** The values a user gives, by their domain names. */
export type InputName =
  | 'actor' | 'since' | 'limit' | 'from' | 'to' | 'file'
  | 'course' | 'title' | 'variant' | 'year' | 'term' | 'kind' | 'scale' | 'marking' | 'confirmMode' | 'confirmBy'
  | 'groupMode' | 'registration' | 'start' | 'duration' | 'location' | 'countsTowardFinal' | 'compulsory' | 'seb'
  | 'partOf' | 'ungradedPart' | 'weights' | 'thresholds' | 'points' | 'candidate' | 'student'
  | 'pin' | 'name' | 'password'
  | 'username' | 'email' | 'logins' | 'hasNin' | 'feideActivated';

/** A value named in a message; `off` is the switch turned off (`--no-ungraded-part`). */
export interface InputRef {
  readonly input: InputName;
  readonly off?: boolean;
}

export function given(name: InputName, opts: { off?: boolean } = {}): InputRef {
  return opts.off ? { input: name, off: true } : { input: name };
}

/** How a value is named where no command layer spells it (the message of a thrown error). */
export const domainName = (r: InputRef): string => (r.off ? `no ${r.input}` : r.input);

/** A message whose values are named as data. */
export class Words {
  constructor(readonly parts: readonly (string | InputRef)[]) {}
  /** The text with each value named by `name`. */
  spell(name: (r: InputRef) => string = domainName): string {
    return this.parts.map((p) => (typeof p === 'string' ? p : name(p))).join('');
  }
  toString(): string {
    return this.spell();
  }
}

/** `` say`give ${given('pin')}, not ${given('name')}` ``: text, with the values it names kept as data. */
export function say(strings: TemplateStringsArray, ...values: (string | number | InputRef)[]): Words {
  const parts: (string | InputRef)[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push(s);
    if (i < values.length) {
      const v = values[i]!;
      parts.push(typeof v === 'object' ? v : String(v));
    }
  });
  return new Words(parts);
}
