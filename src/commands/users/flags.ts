import { UsageError } from '../../errors.js';
import { isUserKind, parseLogins, type LoginMethod, type UserKind } from '../../domain/people/users.js';
import { splitList } from '../runtime.js';

/** Flags add and update share. */
export interface UserFlags {
  name?: string;
  email?: string;
  kind?: string;
  login?: string[];
  nin?: boolean;
  feideActivated?: boolean;
}

export function parseKind(v: string | undefined): UserKind | undefined {
  if (v === undefined) return undefined;
  if (!isUserKind(v)) throw new UsageError(`--kind: "${v}" is not a kind; expected employee, external or student`);
  return v;
}

export function parseLoginFlag(v: string[] | undefined): LoginMethod[] | undefined {
  if (v === undefined) return undefined;
  const { logins, problems } = parseLogins(splitList(v));
  if (problems.length || logins.length === 0) {
    throw new UsageError(`--login: ${problems.join('; ') || 'name at least one method'} (e.g. --login feide,idporten)`);
  }
  return logins;
}

export const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];
