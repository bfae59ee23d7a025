import type { Fix } from '../domain/fixes.js';
import { commandLine } from '../ui/shell.js';

/** A fix as the arguments of the command that carries it out, or a form to fill in when one is missing. */
function argsOf(f: Fix): { args: string[]; form?: string } {
  switch (f.act) {
    case 'grant-role':
      return { args: ['roles', 'grant', f.user, '--role', f.role] };
    case 'reactivate-user':
      return { args: ['users', 'reactivate', f.user] };
    case 'record-feide-activated':
      return { args: ['users', 'update', f.user, '--feide-activated'] };
    case 'add-contributor':
      return { args: ['tests', 'contributors', 'add', f.test, f.user, '--role', f.role] };
    case 'add-grader':
      // Which committee is the planner's choice: a form, not a line to paste.
      return { args: [], form: `committees add-grader ${f.test} <committee> ${f.user}` };
  }
}

/** The line a user types for a fix: `examctl roles grant kari --role grader`, quoted, with --db/--as as given. */
export function fixLine(globalArgs: readonly string[], f: Fix): string {
  const { args, form } = argsOf(f);
  return form !== undefined ? `(a planner picks the committee: ${form})` : commandLine(globalArgs, args);
}
