import type { Fix } from '../fixes.js';
import type { Db } from '../../db/open.js';
import { staffRefusal } from './access.js';
import { graderCommittees, isContributor } from './store.js';
import { requireExam, type Exam } from '../exams/exams.js';
import { MODULES, ROLE_MODULES, ROLES, type ContributorRole, type Module, type Role } from './roles.js';
import { effectiveRoles, requireUser, requireUserReader, type User } from '../people/users.js';

export interface ModuleAccess {
  module: Module;
  reached: boolean;
  /** Why not, in words a support person can act on; empty when reached. */
  reasons: string[];
  /** The steps that would answer the reasons, as data (the command layer writes them as command lines). */
  fixes: Fix[];
}

export interface Explanation {
  username: string;
  test?: string;
  modules: ModuleAccess[];
}

/** Which contributor places on a test let a user work in a module there. */
const MODULE_CONTRIBUTORS: Record<Module, ContributorRole[] | null> = {
  Author: null,
  Deliver: ['planner', 'chief-invigilator'],
  Monitor: ['planner', 'chief-invigilator', 'invigilator'],
  Grade: ['planner', 'grader'],
  Reports: ['reporter'],
  'User administration': null,
};

export function rolesOpening(m: Module): Role[] {
  return ROLES.filter((r) => ROLE_MODULES[r].includes(m));
}

/**
 * Why none of the user's login methods works, or null when one does. An external without a
 * national identity number logs in only with an activated Feide account; `registered`
 * is a fallback IT hands out and does not count for such a user.
 */
export function loginProblem(u: User): string | null {
  const notes: string[] = [];
  let usable = false;
  for (const m of u.logins) {
    if (m === 'feide') {
      if (u.feideActivated) usable = true;
      else notes.push('its Feide account is not activated (the person activates it; then record that it is)');
    } else if (m === 'idporten') {
      if (u.hasNin) usable = true;
      else notes.push('ID-porten needs a Norwegian national identity number, and none is recorded');
    } else if (m === 'registered') {
      if (u.kind === 'external' && !u.hasNin) {
        notes.push('a registered-user login is not enough for an external without a national identity number: it needs an activated Feide account');
      } else usable = true;
    }
  }
  if (usable) return null;
  if (u.logins.length === 0) notes.push('no login method is recorded');
  return `no usable login method: ${notes.join('; ')}`;
}

/**
 * Who may ask: user administrators and planners (the support desk), and any user about itself.
 */
export function explainAccess(db: Db, actor: User, username: string, testCode?: string): Explanation {
  if (actor.username !== username) requireUserReader(actor, `explain the access of "${username}"`);
  const u = requireUser(db, username);
  const exam = testCode !== undefined ? requireExam(db, testCode) : undefined;
  const modules = MODULES.map((m) => explainModule(db, u, m, exam));
  return { username: u.username, ...(exam ? { test: exam.code } : {}), modules };
}

function explainModule(db: Db, u: User, m: Module, exam: Exam | undefined): ModuleAccess {
  const reasons: string[] = [];
  const fixes: Fix[] = [];
  if (!u.active) {
    reasons.push('the account is deactivated');
    fixes.push({ act: 'reactivate-user', user: u.username });
  }
  const noStaff = staffRefusal(u.kind);
  if (noStaff) reasons.push(noStaff);
  const login = loginProblem(u);
  if (login) {
    reasons.push(login);
    if (u.logins.includes('feide') && !u.feideActivated) fixes.push({ act: 'record-feide-activated', user: u.username });
  }

  const roles = effectiveRoles(u);
  const openers = rolesOpening(m);
  const held = openers.filter((r) => roles.includes(r));
  if (held.length === 0) {
    // Suggest the role that opens the least besides this module (invigilator for Monitor, not planner).
    const least = [...openers].sort((a, b) => ROLE_MODULES[a].length - ROLE_MODULES[b].length)[0];
    if (u.kind !== 'student' && least) fixes.push({ act: 'grant-role', user: u.username, role: least });
    let text = `missing role: ${m} is opened by ${openers.join(' or ')}${openers.includes('planner') ? ' (or extended access)' : ''}, and the user has ${roles.length ? roles.join(', ') : 'no role'}`;
    if (exam) {
      const invited = (MODULE_CONTRIBUTORS[m] ?? []).filter((r) => isContributor(db, u.id, exam.id, r));
      if (invited.length) text += `; it is invited on test ${exam.code} as ${invited.join(', ')}, which needs that system role too`;
    }
    reasons.push(text);
  }

  const places = MODULE_CONTRIBUTORS[m];
  if (exam && places && held.length > 0 && u.kind !== 'student') {
    const testReasons: string[] = [];
    const testFixes: Fix[] = [];
    let placed = false;
    for (const r of held.filter((h) => places.includes(h as ContributorRole)) as ContributorRole[]) {
      if (r === 'planner' && u.extended) {
        placed = true;
        break;
      }
      if (!isContributor(db, u.id, exam.id, r)) {
        testReasons.push(`not a contributor on test ${exam.code} as ${r}`);
        testFixes.push({ act: 'add-contributor', test: exam.code, user: u.username, role: r });
        continue;
      }
      if (r === 'grader' && m === 'Grade' && graderCommittees(db, u.id, exam.id).length === 0) {
        testReasons.push(`a grader on test ${exam.code} but in no committee of it`);
        testFixes.push({ act: 'add-grader', test: exam.code, user: u.username });
        continue;
      }
      placed = true;
      break;
    }
    if (!placed) {
      reasons.push(...testReasons);
      fixes.push(...testFixes);
    }
  }
  return { module: m, reached: reasons.length === 0, reasons, fixes };
}
