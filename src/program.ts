import { Command } from 'commander';
import type { Deps } from './commands/runtime.js';
import { VALUE_OPTIONS } from './argv.js';

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
  deadlines: async () => (await import('./commands/deadlines/index.js')).deadlinesCommand,
  explanations: async () => (await import('./commands/explanations/index.js')).explanationsCommand,
  appeals: async () => (await import('./commands/appeals/index.js')).appealsCommand,
  log: async () => (await import('./commands/log/index.js')).logCommand,
  db: async () => (await import('./commands/db/index.js')).dbCommand,
  completion: async () => {
    const { completionCommand } = await import('./commands/completion/index.js');
    return (deps) => completionCommand(deps, () => buildProgram(deps));
  },
};
const ALIASES: Record<string, string> = { exams: 'tests' };

/**
 * How the root help lists each group: enough to draw its line (name, alias, whether it has options,
 * its arguments, its description) without loading it. A test holds it equal to the groups themselves.
 */
export const GROUP_LINES: Record<string, { description: string; options?: boolean; args?: string[] }> = {
  init: { description: 'create the database and its first user administrator (with extended access)', options: true },
  demo: { description: 'build a demo database from fixtures/demo and walk through a full grading round (never in your default database)' },
  users: { description: 'users: add, import, list, show, update, deactivate, reactivate, explain' },
  roles: { description: 'system roles: grant, revoke, import, list, extended access' },
  tests: { description: 'tests (exams): create, list, show, update, check, contributors, thresholds' },
  candidates: { description: "a test's candidates: add, import, list, status" },
  committees: { description: 'grader committees: create, add-grader, assign, list' },
  grades: { description: 'grades: set, import, export, share, confirm, reopen, undo, transfer' },
  groups: { description: 'group submission: create, join, leave, list, check, import' },
  locations: { description: 'exam locations and their capacity' },
  capacity: { description: 'time windows in which overlapping school exams at a location need more seats than it has', options: true },
  report: { description: 'grade distribution (bar chart) and grading progress per committee; reporters and planners', args: ['<test>'] },
  deadlines: { description: 'grading deadlines: the committees whose grading is not confirmed, with the days left or overdue', options: true },
  explanations: { description: 'explanations of published grades: request, give, import, list' },
  appeals: { description: 'appeals of published grades: file, list, settle' },
  log: { description: 'read the event log: who changed what, when, old and new value', options: true },
  db: { description: 'database maintenance: backup, check' },
  completion: { description: 'print a completion script for bash, zsh or fish (needs no database)', args: ['<shell>'] },
};

/** A group as the root help shows it, without its verbs: for root help and unknown commands. */
function groupLine(name: string): Command {
  const g = GROUP_LINES[name]!;
  const cmd = new Command(name).description(g.description);
  const alias = Object.keys(ALIASES).find((a) => ALIASES[a] === name);
  if (alias) cmd.alias(alias);
  if (g.options) cmd.option('--options', 'stands for the group\'s options in the root help');
  for (const a of g.args ?? []) cmd.argument(a);
  return cmd;
}

/** The group an argv names (the first word that is not a global option or its value), if known. */
export function groupNamed(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return undefined;
    if (a.startsWith('-')) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    // `help users` shows the users group's own help: that group is needed whole.
    if (a === 'help') continue;
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
  if (one || argv === undefined) {
    const names = one ? [one] : Object.keys(GROUPS);
    const makers = await Promise.all(names.map((n) => GROUPS[n]()));
    for (const make of makers) program.addCommand(make(deps));
  } else if (!versionOnly) {
    // Root help, a bare `examctl`, an unknown command: the groups' lines are enough to list and
    // to suggest, so none of them is loaded.
    for (const name of Object.keys(GROUPS)) program.addCommand(groupLine(name));
  }

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
