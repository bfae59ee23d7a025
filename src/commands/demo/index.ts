import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import { isPostgresUrl } from '../../db/port.js';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { defaultDbPath, type Context } from '../../context.js';
import { demoEventCount, inspectDemoTarget, removeDemoDatabase, startDemoDatabase } from './demo-db.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { DEMO_TEST, demoSteps, tryNext } from './script.js';

/** fixtures/demo/ of the installed package: found from this module up to the folder with package.json (src, dist or the bundle). */
export const DEMO_FIXTURES = path.join(packageRoot(path.dirname(fileURLToPath(import.meta.url))), 'fixtures', 'demo');

function packageRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return dir;
  }
}

/** The demo's own file: never the default database itself. */
export async function demoDbPath(ctxPath: string): Promise<string> {
  return path.resolve(ctxPath) === path.resolve(await defaultDbPath()) ? path.join(path.dirname(ctxPath), 'demo.db') : ctxPath;
}

/**
 * Indents a sub-command's output under the narration, keeping the terminal's colours. Writes
 * synchronously, so the narration and the commands' output stay in order.
 */
function indented(target: NodeJS.WritableStream & { isTTY?: boolean }): NodeJS.WritableStream & { isTTY?: boolean } {
  let atStart = true;
  const write = (chunk: unknown, ...rest: unknown[]) => {
    let text = '';
    for (const ch of String(chunk)) {
      if (atStart && ch !== '\n') text += '    ';
      text += ch;
      atStart = ch === '\n';
    }
    target.write(text);
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  };
  return { write, isTTY: target.isTTY } as unknown as NodeJS.WritableStream & { isTTY?: boolean };
}

export async function runDemo(ctx: Context, deps: Deps) {
  if (isPostgresUrl(ctx.dbPath)) {
    throw new UsageError(
      'the demo builds a database of its own, a SQLite file it may delete and make again, never a shared server database; name a file with --db (or leave it out)',
    );
  }
  const file = await demoDbPath(ctx.dbPath);
  if (!fs.existsSync(path.join(DEMO_FIXTURES, 'users.xlsx'))) {
    throw new Error(`the demo's files are not in ${DEMO_FIXTURES}: run the demo from a checkout of examctl`);
  }
  const state = inspectDemoTarget(file);
  const say = (s: string) => ctx.out.info(s);
  if (state === 'demo') {
    say(`Starting over: ${file} is an earlier demo database.`);
    removeDemoDatabase(file);
  }
  say(`examctl demo: one grading round in ${file}`);
  say('');
  say('Step 1. init: the database and its first user administrator, admin (extended access: planner everywhere).');
  const started = Date.now();
  startDemoDatabase(file, () => ctx.now());
  // The program runs its own command lines (handed in by run.ts, which this module must not import).
  const run = deps.runCommandLine;
  if (!run) throw new Error('the demo needs the program to run its steps');
  const sub = indented(ctx.out.stderr as NodeJS.WritableStream & { isTTY?: boolean });
  const out = path.join(path.dirname(file), 'demo-export.csv');
  const steps = demoSteps(DEMO_FIXTURES, out, (n) => path.join(path.dirname(file), `demo-transfer-${n}.csv`));
  const done: { step: number; as: string; command: string }[] = [];
  let n = 1;
  for (const s of steps) {
    if (s.say) {
      n++;
      say('');
      say(`Step ${n}. ${s.say}`);
    }
    const command = `examctl --as ${s.as} ${s.args.map((a) => (/[\s"]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`;
    say(`  $ ${command.replace(DEMO_FIXTURES + path.sep, 'fixtures/demo/')}`);
    // Every step shows all it prints: the data (stdout) and the messages (stderr), indented.
    const streams = { stdout: sub, stderr: sub };
    const code = await run(['--db', file, '--as', s.as, '--yes', ...s.args], { streams, env: deps.env, interactive: false });
    if (code !== 0) throw new Error(`demo step failed with exit ${code}: ${command}`);
    done.push({ step: n, as: s.as, command });
  }
  const events = demoEventCount(file);
  const next = tryNext(file);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  say('');
  say(`Done in ${seconds} s: ${steps.length + 1} commands, ${events} events in the log. Try next:`);
  return result({ json: { database: file, test: DEMO_TEST, export: out, steps: done, tryNext: next }, human: next.map((l) => `  ${l}`) });
}

export function demoCommand(deps: Deps): Command {
  return examples(
    new Command('demo')
      .description('build a demo database from fixtures/demo and walk through a full grading round (never in your default database)')
      .action(action(deps, (ctx) => runDemo(ctx, deps))),
    'demo',
    'demo --db /tmp/examctl-demo.db',
  );
}
