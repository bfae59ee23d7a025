/**
 * Command lines examctl prints for a user to run: each on a line of its own, starting with
 * `examctl `, every argument shell-quoted, so that pasted into bash (or zsh, sh) it runs as shown.
 */

/** An argument as a POSIX shell reads it back unchanged: bare when safe, else in single quotes. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * `examctl --db '/data/Eksamen høst.db' grades undo 5`: the global options the user gave (`--db`,
 * `--as`) first, so that the line reaches the same database as the same user.
 */
export function commandLine(globalArgs: readonly string[], args: readonly (string | number)[]): string {
  return ['examctl', ...[...globalArgs, ...args.map(String)].map(shellQuote)].join(' ');
}

/** The `--db` and `--as` of a command line (before or after the verb), as a printed command must repeat them. */
export function globalArgsOf(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    for (const flag of ['--db', '--as']) {
      if (a === flag && argv[i + 1] !== undefined) out.push(flag, argv[++i]!);
      else if (a.startsWith(`${flag}=`)) out.push(flag, a.slice(flag.length + 1));
    }
  }
  return out;
}
