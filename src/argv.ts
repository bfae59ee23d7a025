// What can be read from a command line before the program is loaded: which database it names.

/** Global options that take a value, so that the value is not taken for a group's name. */
export const VALUE_OPTIONS = new Set(['--db', '--as']);

/** The database an argv names with --db (else EXAMCTL_DB), as commander will read it; undefined for the default. */
export function dbNamed(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--db') return argv[i + 1];
    if (a.startsWith('--db=')) return a.slice('--db='.length);
    if (VALUE_OPTIONS.has(a)) i++;
  }
  return env.EXAMCTL_DB || undefined;
}
