import { Command } from 'commander';
import type { Deps } from './commands/runtime.js';
import { initCommand } from './commands/init/index.js';
import { demoCommand } from './commands/demo/index.js';
import { usersCommand } from './commands/users/index.js';
import { rolesCommand } from './commands/roles/index.js';
import { testsCommand } from './commands/tests/index.js';
import { candidatesCommand } from './commands/candidates/index.js';
import { committeesCommand } from './commands/committees/index.js';
import { gradesCommand } from './commands/grades/index.js';
import { groupsCommand } from './commands/groups/index.js';
import { locationsCommand } from './commands/locations/index.js';
import { capacityCommand } from './commands/capacity/index.js';
import { reportCommand } from './commands/report/index.js';
import { logCommand } from './commands/log/index.js';
import { dbCommand } from './commands/db/index.js';

export const VERSION = '0.1.0';

/** The root program with its global options and every command group. */
export function buildProgram(deps: Deps): Command {
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

  for (const make of [
    initCommand,
    demoCommand,
    usersCommand,
    rolesCommand,
    testsCommand,
    candidatesCommand,
    committeesCommand,
    gradesCommand,
    groupsCommand,
    locationsCommand,
    capacityCommand,
    reportCommand,
    logCommand,
    dbCommand,
  ]) {
    program.addCommand(make(deps));
  }

  // .addCommand() does not copy inherited settings: apply them to the whole tree.
  const apply = (cmd: Command) => {
    cmd.exitOverride();
    cmd.configureOutput({
      writeOut: (s) => void deps.streams.stdout.write(s),
      writeErr: (s) => void deps.streams.stderr.write(s),
    });
    cmd.commands.forEach(apply);
  };
  apply(program);
  return program;
}
