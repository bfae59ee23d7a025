import { ConflictError } from '../errors.js';
import { result, type Result } from '../ui/result.js';

/** What a check found (the domain's findings, as far as they are printed). */
export interface FindingLike {
  kind: string;
  message: string;
  items: readonly string[];
}

/** A check's findings: `{test, ok, findings}` or one line each; with --strict, any finding fails it (exit 5) once printed. */
export function findingsResult(code: string, findings: readonly FindingLike[], strict: boolean | undefined): Result {
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
