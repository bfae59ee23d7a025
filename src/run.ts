import { CommanderError } from 'commander';
import { ExamctlError, ExitCode, exitCodeOf } from './errors.js';
import { buildProgram } from './program.js';
import type { Deps } from './commands/runtime.js';
import { createOutput } from './ui/output.js';

/**
 * Errors that mean another writer held the database past the wait: SQLite's busy file, and on
 * PostgreSQL a lock not granted in time, a deadlock broken or a serialization failure.
 */
const BUSY = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', '55P03', '40P01', '40001']);

/** Runs one command line (argv without node and script) and returns the exit code. Never exits. */
export async function run(argv: string[], deps: Deps): Promise<number> {
  try {
    const program = await buildProgram({ ...deps, runCommandLine: run }, argv);
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (err) {
    return await report(err, deps, argv);
  }
}

async function report(err: unknown, deps: Deps, argv: string[]): Promise<number> {
  // Commander has already printed its own message (unknown option, missing argument...).
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCode.ok;
    // Help asked for (`help users`) exits 0; help shown because no command was named is bad usage.
    if (err.code === 'commander.help') return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    return ExitCode.usage;
  }
  const noColor = argv.includes('--no-color');
  const out = await createOutput(deps.streams, { json: false, color: !noColor, env: deps.env });
  if (err instanceof ExamctlError) {
    const { messageOf, detailsOf } = await import('./commands/inputs.js');
    out.error(messageOf(err));
    for (const d of detailsOf(err)) out.info(`  ${d}`);
    if (err.fixes.length) {
      const { fixLine } = await import('./commands/fixes.js');
      const { globalArgsOf } = await import('./ui/shell.js');
      out.info(err.fixes.length === 1 ? 'To fix it:' : 'To fix them:');
      for (const f of err.fixes) out.info(`  ${fixLine(globalArgsOf(argv), f)}`);
    }
    return err.exitCode;
  }
  const e = err as Error;
  if (deps.env.EXAMCTL_DEBUG) out.info(e?.stack ?? String(err));
  const code = (e as { code?: string })?.code;
  if (code?.startsWith('SQLITE_CORRUPT')) {
    // A page damaged past what opening the file reads: the state of the file, not a bug.
    out.error(`the database is damaged (${e.message}): run "examctl db check" and restore it from a backup`);
    return ExitCode.conflict;
  }
  if (code !== undefined && BUSY.has(code)) {
    // Another writer held the database longer than a command waits: nothing of this one was written.
    out.error(`the database stayed locked by another examctl process (${e.message}); nothing was changed, try again`);
    return ExitCode.conflict;
  }
  const msg = e?.message;
  out.error(`unexpected failure: ${msg ?? String(err)}${deps.env.EXAMCTL_DEBUG ? '' : ' (set EXAMCTL_DEBUG=1 for the stack)'}`);
  return exitCodeOf(err);
}
