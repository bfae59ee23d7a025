import { Command } from 'commander';
import type { Deps } from './commands/runtime.js';

export const VERSION = '0.1.0';

type GroupMaker = (deps: Deps) => Command;

/**
 * Every command group, loaded on demand: importing all of them (and their verbs and domain code)
 * costs more than the rest of a small command's run.
 */
const GROUPS: Record<string, () => Promise<GroupMaker>> = {
  init: async () => (await import('./commands/init/index.js')).initCommand,
  demo: async () => (await import('./commands/demo/index.js')).demoCommand,
  users: async () => (await import('./commands/users/index.js')).usersCommand,
  roles: async () => (await import('./commands/roles/index.js')).rolesCommand,
  tests: async () => (await import('./commands/tests/index.js')).testsCommand,
  candidates: async () => (await import('./commands/candidates/index.js')).candidatesCommand,
  committees: async () => (await import('./commands/committees/index.js')).committeesCommand,
  grades: async () => (await import('./commands/grades/index.js')).gradesCommand,
  groups: async () => (await import('./commands/groups/index.js')).groupsCommand,
  locations: async () => (await import('./commands/locations/index.js')).locationsCommand,
  capacity: async () => (await import('./commands/capacity/index.js')).capacityCommand,
  report: async () => (await import('./commands/report/index.js')).reportCommand,
  log: async () => (await import('./commands/log/index.js')).logCommand,
  db: async () => (await import('./commands/db/index.js')).dbCommand,
  completion: async () => {
    const { completionCommand } = await import('./commands/completion/index.js');
    return (deps) => completionCommand(deps, () => buildProgram(deps));
  },
};
const ALIASES: Record<string, string> = { exams: 'tests' };
/** Global options that take a value, so that the value is not taken for the group's name. */
const VALUE_OPTIONS = new Set(['--db', '--as']);

/** The group an argv names (the first word that is not a global option or its value), if known. */
export function groupNamed(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return undefined;
    if (a.startsWith('-')) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    const name = ALIASES[a] ?? a;
    return Object.hasOwn(GROUPS, name) ? name : undefined;
  }
  return undefined;
}

/**
 * The root program with its global options and the groups `argv` needs: only the one it names, or
 * every group when it names none (root help, an unknown command, `help <group>`).
 */
export async function buildProgram(deps: Deps, argv?: string[]): Promise<Command> {
  const program = new Command('examctl')
    .description('Exam office administration: users, roles, tests, candidates, committees and grades in one SQLite file.')
    .version(VERSION)
    .option('--db <path>', 'database file (else EXAMCTL_DB, else the per-user default)')
    .option('--as <username>', 'act as this user (else EXAMCTL_USER, else the OS login name)')
    .option('--json', 'machine-readable output on stdout')
    .option('-y, --yes', 'answer yes to confirmation questions (needed off a terminal)')
    .option('--no-color', 'no colours (NO_COLOR is respected too)')
    .showSuggestionAfterError()
    .enablePositionalOptions(false);

  const one = argv ? groupNamed(argv) : undefined;
  // `--version` with no group prints one line and needs none of them.
  const versionOnly = !one && argv !== undefined && argv.some((a) => a === '--version' || a === '-V');
  const names = one ? [one] : versionOnly ? [] : Object.keys(GROUPS);
  const makers = await Promise.all(names.map((n) => GROUPS[n]()));
  for (const make of makers) program.addCommand(make(deps));

  // .addCommand() does not copy inherited settings: apply them to the whole tree.
  const apply = (cmd: Command) => {
    cmd.exitOverride();
    cmd.configureOutput({
      writeOut: (s) => void deps.streams.stdout.write(s),
      writeErr: (s) => void deps.streams.stderr.write(s),
      // Commander's usage errors read like every other examctl error.
      outputError: (s, write) => write(s.replace(/^error: /, 'examctl: ')),
    });
    cmd.commands.forEach(apply);
  };
  apply(program);
  return program;
}
