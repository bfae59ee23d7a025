import { Command } from 'commander';
import type { Context } from '../../context.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export interface ExplainOptions {
  username: string;
  test?: string;
}

export async function runExplain(ctx: Context, opts: ExplainOptions) {
  const { explainAccess } = await import('../../domain/access/explain.js');
  const doc = explainAccess(ctx.db, ctx.actor, opts.username, opts.test);
  const { fixLine } = await import('../fixes.js');
  const lines = [...new Set(doc.modules.flatMap((m) => m.fixes.map((f) => fixLine(ctx.globalArgs, f))))];
  return result({
    // The --json document keeps its shape: module, reached, reasons (the fixes are for people).
    json: { ...doc, modules: doc.modules.map(({ fixes: _, ...m }) => m) },
    human: (page) => {
      page.line(`${doc.username}${doc.test ? ` on test ${doc.test}` : ''}:`);
      page.table(
        ['module', 'reached', 'why not'],
        doc.modules.map((m) => [m.module, m.reached ? page.c.green('yes') : page.c.red('no'), m.reasons.join('\n')]),
      );
      if (lines.length) {
        page.line('To open what is missing:');
        for (const l of lines) page.line(`  ${l}`);
      }
    },
  });
}

export function explainCommand(deps: Deps): Command {
  return examples(
    new Command('explain')
      .description('which modules a user reaches (optionally on one test), and why not')
      .argument('<username>')
      .option('--test <test>', 'explain access on this test')
      .action(action<{ test?: string }>(deps, (ctx, [username], opts) => runExplain(ctx, { username, test: opts.test }))),
    'users explain kari',
    'users explain kari --test TDT4100-H26',
  );
}
