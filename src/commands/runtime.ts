import type { Command } from 'commander';
import { actorNamed, createContext, resolveActor, resolveDbPath, type Context, type GlobalOptions } from '../context.js';
import { createOutput, type Streams } from '../ui/output.js';
import { createPrompter, type Prompter } from '../ui/prompter.js';
import { isResult, printResult } from '../ui/result.js';
import { UsageError } from '../errors.js';

/** What the outside world hands the program: streams, environment, and for tests a prompter and clock. */
export interface Deps {
  streams: Streams;
  env: NodeJS.ProcessEnv;
  prompter?: Prompter;
  now?: () => Date;
  /** Whether a person can answer prompts (stdin and stderr are terminals). */
  interactive?: boolean;
  /** Runs one more command line of the program (the demo's steps); set by run.ts. */
  runCommandLine?: (argv: string[], deps: Deps) => Promise<number>;
}

export async function contextFor(deps: Deps, cmd: Command): Promise<Context> {
  const g = cmd.optsWithGlobals() as GlobalOptions;
  const out = await createOutput(deps.streams, { json: Boolean(g.json), color: g.color !== false, env: deps.env });
  const interactive = deps.interactive ?? (Boolean(deps.streams.stderr.isTTY) && Boolean(process.stdin.isTTY));
  return createContext({
    dbPath: await resolveDbPath(g, deps.env),
    actor: resolveActor(g, deps.env),
    actorNamed: actorNamed(g, deps.env),
    out,
    prompter: deps.prompter ?? createPrompter({ yes: Boolean(g.yes), interactive }),
    yes: Boolean(g.yes),
    now: deps.now ?? clockOf(deps.env),
    globalArgs: [...(g.db ? ['--db', g.db] : []), ...(g.as ? ['--as', g.as] : [])],
  });
}

/**
 * EXAMCTL_NOW (an ISO 8601 time) fixes the clock: for rehearsing a term's dates and for tests that
 * need a known today. Without it, the machine's clock.
 */
function clockOf(env: NodeJS.ProcessEnv): (() => Date) | undefined {
  const fixed = env.EXAMCTL_NOW;
  if (!fixed) return undefined;
  const d = new Date(fixed);
  if (Number.isNaN(d.getTime())) throw new UsageError(`EXAMCTL_NOW "${fixed}": expected an ISO 8601 time such as 2026-06-01T12:00:00Z`);
  return () => new Date(d);
}

/**
 * Wraps a verb's work: builds the Context from the global options, hands over the positional
 * arguments and the verb's own options, prints the Result the verb returns (the one printer),
 * and closes the database afterwards.
 *   .action(action(deps, (ctx, [test, file], opts: ImportFlags) => ...))
 */
export function action<O = Record<string, unknown>>(
  deps: Deps,
  fn: (ctx: Context, args: any[], opts: O) => unknown,
): (...a: unknown[]) => Promise<void> {
  return async (...a: unknown[]) => {
    const cmd = a[a.length - 1] as Command;
    const opts = a[a.length - 2] as O;
    const args = a.slice(0, -2);
    const ctx = await contextFor(deps, cmd);
    try {
      const r = await fn(ctx, args, opts);
      if (isResult(r)) await printResult(ctx.out, r);
    } finally {
      ctx.close();
    }
  };
}

/** Splits `a,b c` style lists given to options: `--login feide,idporten`. */
export function splitList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  const parts = Array.isArray(v) ? v : [v];
  return parts.flatMap((p) => p.split(',')).map((s) => s.trim()).filter(Boolean);
}

/**
 * Ends a verb's --help with one or two real examples, as typed: `examples(cmd, 'users add kari --name "Kari N"')`.
 */
export function examples(cmd: Command, ...lines: string[]): Command {
  return cmd.addHelpText('after', '\nExamples:\n' + lines.map((l) => `  $ examctl ${l}`).join('\n') + '\n');
}
