import { Command } from 'commander';
import type { Context } from '../../context.js';
import { ConflictError } from '../../errors.js';
import { checkExam, type Finding } from '../../domain/exams/exam-admin.js';
import type { Output } from '../../ui/output.js';
import { action, examples, type Deps } from '../runtime.js';
import { result, type Result } from '../../ui/result.js';

export interface CheckOptions {
  code: string;
  strict?: boolean;
}

function findingLine(f: Finding): string {
  const items = f.items.length > 20 ? `${f.items.slice(0, 20).join(', ')} and ${f.items.length - 20} more` : f.items.join(', ');
  return `${f.kind}: ${f.message}${items ? `: ${items}` : ''}`;
}

function strictError(code: string, findings: Finding[], strict: boolean | undefined): ConflictError | undefined {
  return strict && findings.length ? new ConflictError(`${code}: ${findings.length} finding${findings.length === 1 ? '' : 's'} (--strict)`) : undefined;
}

/** Findings as a JSON doc or lines; with --strict, fails with exit 5 once they are printed when there are any. */
export function findingsResult(code: string, findings: Finding[], strict: boolean | undefined): Result {
  return result({
    json: { test: code, ok: findings.length === 0, findings },
    human: findings.map(findingLine),
    notes: findings.length === 0 ? [`${code}: nothing to report.`] : [],
    error: strictError(code, findings, strict),
  });
}

/**
 * Prints findings straight away (a JSON doc or lines) and, with --strict, fails with exit 5 when
 * there are any: for verbs that print themselves. A verb that returns its Result uses findingsResult.
 */
export function reportFindings(out: Output, code: string, findings: Finding[], strict: boolean | undefined): void {
  if (out.json) out.emit({ test: code, ok: findings.length === 0, findings });
  else if (findings.length === 0) out.info(`${code}: nothing to report.`);
  else for (const f of findings) out.line(findingLine(f));
  const err = strictError(code, findings, strict);
  if (err) throw err;
}

export function runCheck(ctx: Context, opts: CheckOptions) {
  const { exam, findings } = checkExam(ctx.db, ctx.actor, opts.code);
  return findingsResult(exam.code, findings, opts.strict);
}

export function checkCommand(deps: Deps): Command {
  return examples(
    new Command('check')
      .description('what is missing: candidates in no committee, committees with no grader, location/start, groups')
      .argument('<test>', 'test code')
      .option('--strict', 'exit 5 when anything is found')
      .action(action<{ strict?: boolean }>(deps, (ctx, [code], opts) => runCheck(ctx, { code, strict: opts.strict }))),
    'tests check TDT4100-H26',
    'tests check TDT4100-H26 --strict --json',
  );
}
