/**
 * A next step that would remove a refusal or open a module, as data: which act, on whom. The domain
 * says what would help; the command layer writes it as the line a user types.
 */
export type Fix =
  | { act: 'grant-role'; user: string; role: string }
  | { act: 'reactivate-user'; user: string }
  | { act: 'add-user'; user: string }
  | { act: 'record-feide-activated'; user: string }
  | { act: 'add-contributor'; test: string; user: string; role: string }
  | { act: 'add-grader'; test: string; user: string }
  | { act: 'init-database' }
  | { act: 'list-locations' }
  | { act: 'add-location'; name: string }
  | { act: 'clear-grades'; test: string; candidates?: string[] }
  | { act: 'set-status'; test: string; candidates: string[] }
  | { act: 'add-part'; aggregate: string }
  | { act: 'dry-run-import'; test: string }
  | { act: 'set-group-mode'; test: string };

/** A reason with the step that would answer it. */
export interface Reason {
  text: string;
  fix?: Fix;
}
