import { ConflictError } from '../errors.js';
import { result, type Result } from '../ui/result.js';

/** What a check found (the domain's findings, as far as they are printed). */
export interface FindingLike {
  kind: string;
  message: string;
  items: readonly string[];
}

/** The option that sets what a finding misses, said as users read it: the domain says "no location set". */
const OPTION_OF: Record<string, [string, string]> = {
  'no-location': ['no location set', 'no location (--location)'],
  'no-start': ['no start time set', 'no start time (--start)'],
  'no-duration': ['no duration set', 'no duration (--duration)'],
  'aggregate-not-registration': ['but not set as a grade registration test', 'but not a grade registration test (--registration)'],
};

function withOption<F extends FindingLike>(f: F): F {
  const o = OPTION_OF[f.kind];
  return o ? { ...f, message: f.message.replace(o[0], o[1]) } : f;
}

/** A check's findings: `{test, ok, findings}` or one line each; with --strict, any finding fails it (exit 5) once printed. */
export function findingsResult(code: string, found: readonly FindingLike[], strict: boolean | undefined): Result {
  const findings = found.map(withOption);
  return result({
    json: { test: code, ok: findings.length === 0, findings },
    human: findings.map((f) => {
      const items = f.items.length > 20 ? `${f.items.slice(0, 20).join(', ')} and ${f.items.length - 20} more` : f.items.join(', ');
      return `${f.kind}: ${f.message}${items ? `: ${items}` : ''}`;
    }),
    notes: findings.length === 0 ? [`${code}: nothing to report.`] : [],
    error: strict && findings.length ? new ConflictError(`${code}: ${findings.length} finding${findings.length === 1 ? '' : 's'} (--strict)`) : undefined,
  });
}
