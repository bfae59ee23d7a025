import { Command } from 'commander';
import type { Context } from '../../context.js';
import { action, type Deps } from '../runtime.js';

export interface ExplainOptions {
  username: string;
  test?: string;
}

export async function runExplain(ctx: Context, opts: ExplainOptions) {
  const { explainAccess } = await import('../../domain/access/explain.js');
  const doc = explainAccess(ctx.db, ctx.actor, opts.username, opts.test);
  // The --json document keeps its shape: module, reached, reasons (the fixes are for people).
  if (ctx.out.json) ctx.out.emit({ ...doc, modules: doc.modules.map(({ fixes: _, ...m }) => m) });
  else {
    ctx.out.line(`${doc.username}${doc.test ? ` on test ${doc.test}` : ''}:`);
    ctx.out.table(
      ['module', 'reached', 'why not'],
      doc.modules.map((m) => [m.module, m.reached ? ctx.out.c.green('yes') : ctx.out.c.red('no'), m.reasons.join('\n')]),
    );
    const { fixLine } = await import('../fixes.js');
    const lines = [...new Set(doc.modules.flatMap((m) => m.fixes.map((f) => fixLine(ctx.globalArgs, f))))];
    if (lines.length) {
      ctx.out.line('To open what is missing:');
      for (const l of lines) ctx.out.line(`  ${l}`);
    }
  }
  return doc;
}

export function explainCommand(deps: Deps): Command {
  return new Command('explain')
    .description('which modules a user reaches (optionally on one test), and why not')
    .argument('<username>')
    .option('--test <test>', 'explain access on this test')
    .action(action<{ test?: string }>(deps, (ctx, [username], opts) => runExplain(ctx, { username, test: opts.test })));
}
