import type { Fix } from '../domain/fixes.js';
import { commandLine, shellQuote } from '../ui/shell.js';

/**
 * A fix as the arguments of the command that carries it out, or, when a value is the user's to
 * choose, a form to fill in with what it is for.
 */
function argsOf(f: Fix): { args: string[]; form?: string } {
  switch (f.act) {
    case 'grant-role':
      return { args: ['roles', 'grant', f.user, '--role', f.role] };
    case 'reactivate-user':
      return { args: ['users', 'reactivate', f.user] };
    case 'add-user':
      // The name and kind are the administrator's to give: a form.
      return { args: [], form: `a user administrator adds it: examctl users add ${shellQuote(f.user)} --name <full name>` };
    case 'record-feide-activated':
      return { args: ['users', 'update', f.user, '--feide-activated'] };
    case 'add-contributor':
      return { args: ['tests', 'contributors', 'add', f.test, f.user, '--role', f.role] };
    case 'add-grader':
      // Which committee is the planner's choice: a form, not a line to paste.
      return { args: [], form: `a planner picks the committee: committees add-grader ${f.test} <committee> ${f.user}` };
    case 'init-database':
      return { args: ['init'] };
    case 'list-locations':
      return { args: ['locations', 'list'] };
    case 'add-location':
      return { args: [], form: `a planner adds it: examctl locations add ${shellQuote(f.name)} --capacity <seats>` };
    case 'clear-grades':
      return f.candidates?.length
        ? { args: ['grades', 'clear', f.test, ...f.candidates] }
        : { args: [], form: `clear them first: examctl grades clear ${f.test} <candidate numbers>` };
    case 'set-status':
      return { args: [], form: `or change the status: examctl candidates status ${f.test} <status> ${f.candidates.join(' ')}` };
    case 'add-part':
      return { args: [], form: `create the parts: examctl tests create <test> ... --part-of ${f.aggregate}` };
    case 'set-group-mode':
      return { args: [], form: `a planner sets it: examctl tests update ${f.test} --groups <mode>` };
    case 'dry-run-import':
      return { args: [], form: `run the import with --dry-run again and review it: examctl grades import ${f.test} <file> --dry-run` };
  }
}

/** The line a user types for a fix: `examctl roles grant kari --role grader`, quoted, with --db/--as as given. */
export function fixLine(globalArgs: readonly string[], f: Fix): string {
  const { args, form } = argsOf(f);
  return form !== undefined ? `(${form})` : commandLine(globalArgs, args);
}
