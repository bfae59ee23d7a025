import { Command } from 'commander';
import type { Context } from '../../context.js';
import { ConflictError } from '../../errors.js';
import { checkExam, type Finding } from '../../domain/exams/check.js';
import type { Output } from '../../ui/output.js';
import { action, type Deps } from '../runtime.js';

export interface CheckOptions {
  code: string;
  strict?: boolean;
}

/** Prints findings (a JSON doc or lines) and, with --strict, fails with exit 5 when there are any. */
export function reportFindings(out: Output, code: string, findings: Finding[], strict: boolean | undefined): void {
  if (out.json) out.emit({ test: code, ok: findings.length === 0, findings });
  else if (findings.length === 0) out.info(`${code}: nothing to report.`);
  else {
    for (const f of findings) {
      const items = f.items.length > 20 ? `${f.items.slice(0, 20).join(', ')} and ${f.items.length - 20} more` : f.items.join(', ');
      out.line(`${f.kind}: ${f.message}${items ? `: ${items}` : ''}`);
    }
  }
  if (strict && findings.length) {
    throw new ConflictError(`${code}: ${findings.length} finding${findings.length === 1 ? '' : 's'} (--strict)`);
  }
}

export function runCheck(ctx: Context, opts: CheckOptions) {
  const actor = ctx.actor;
  const { exam, findings } = checkExam(ctx.db, actor, opts.code);
  reportFindings(ctx.out, exam.code, findings, opts.strict);
  return findings;
}

export function checkCommand(deps: Deps): Command {
  return new Command('check')
    .description('what is missing: candidates in no committee, committees with no grader, location/start, groups')
    .argument('<test>', 'test code')
    .option('--strict', 'exit 5 when anything is found')
    .action(action<{ strict?: boolean }>(deps, (ctx, [code], opts) => runCheck(ctx, { code, strict: opts.strict })));
}
