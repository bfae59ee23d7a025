import { describe, expect, it } from 'vitest';
import { cli, freshDbPath, openDb, dbAs } from '../helpers.js';
import { ensureUser, seedCommittee, seedContributor, seedExam } from '../seed.js';
import type { ContributorRole } from '../../src/domain/access/roles.js';
import { grantRoles, revokeRoles } from '../../src/domain/access/role-admin.js';
import { addGraders } from '../../src/domain/grading/committees.js';
import { findUser } from '../../src/domain/people/users.js';

const as = 'admin';

interface ModuleDoc {
  module: string;
  reached: boolean;
  reasons: string[];
}

async function explain(db: string, user: string, test?: string, actor = as) {
  const r = await cli(['--json', 'users', 'explain', user, ...(test ? ['--test', test] : [])], { db, as: actor });
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout) as { username: string; test?: string; modules: ModuleDoc[] };
  const by = Object.fromEntries(doc.modules.map((m) => [m.module, m]));
  return { doc, by };
}

/**
 * A test with a committee K1, created by the planner `office` (so admin reaches it by extended
 * access alone, not by an invitation).
 */
function addExam(db: string, code: string) {
  const d = openDb(db);
  ensureUser(d, 'office', { roles: ['planner'] });
  seedExam(d, { code, year: 2026, term: 'autumn', title: 'Programming', by: 'office' });
  seedCommittee(d, code, 'K1');
  d.close();
}

/**
 * Invites the user in the role. One that lacks the system role gets it for the invitation and
 * loses it again: the only way an invitation can be dormant.
 */
function invite(db: string, code: string, user: string, role: ContributorRole) {
  const d = openDb(db);
  const admin = findUser(d, 'admin')!;
  const lacks = !findUser(d, user)!.roles.includes(role);
  if (lacks) grantRoles(d, admin, [user], [role], new Date());
  seedContributor(d, code, user, role);
  if (lacks) revokeRoles(d, admin, [user], [role], new Date());
  d.close();
}

describe('users explain', () => {
  it('lists every module in the documented shape', async () => {
    const db = freshDbPath();
    const { doc } = await explain(db, 'admin');
    expect(doc.username).toBe('admin');
    expect(doc.modules.map((m) => m.module)).toEqual(['Author', 'Deliver', 'Monitor', 'Grade', 'Reports', 'User administration']);
    expect(doc.modules.filter((m) => m.reached).map((m) => m.module)).toEqual(['Deliver', 'Monitor', 'Grade', 'User administration']);
  });

  it('names the missing role and the roles that would open the module', async () => {
    const db = freshDbPath();
    await cli(['users', 'add', 'kari', '--name', 'Kari'], { db, as });
    await cli(['roles', 'grant', 'kari', '--profile', 'academic'], { db, as });
    const { by } = await explain(db, 'kari');
    expect(by.Author.reached).toBe(true);
    expect(by.Grade.reached).toBe(true);
    expect(by.Deliver.reached).toBe(false);
    expect(by.Deliver.reasons[0]).toContain('missing role');
    expect(by.Deliver.reasons[0]).toContain('planner or chief-invigilator');
    expect(by['User administration'].reasons[0]).toContain('user-administrator');
  });

  it('says deactivated, student account, and no usable login method (Feide not activated)', async () => {
    const db = freshDbPath();
    await cli(['users', 'add', 'ext', '--name', 'Ext', '--kind', 'external'], { db, as });
    await cli(['roles', 'grant', 'ext', '--role', 'grader'], { db, as });
    const ext = await explain(db, 'ext');
    expect(ext.by.Grade.reached).toBe(false);
    expect(ext.by.Grade.reasons.join(' ')).toContain('no usable login method: its Feide account is not activated');
    await cli(['users', 'update', 'ext', '--feide-activated'], { db, as });
    expect((await explain(db, 'ext')).by.Grade.reached).toBe(true);
    await cli(['users', 'deactivate', 'ext'], { db, as });
    expect((await explain(db, 'ext')).by.Grade.reasons[0]).toContain('deactivated');
    await cli(['users', 'add', 'siri', '--name', 'Siri', '--kind', 'student'], { db, as });
    const s = await explain(db, 'siri');
    expect(s.doc.modules.every((m) => !m.reached && m.reasons.includes('a student account reaches no staff module'))).toBe(true);
  });

  it('on a test: not a contributor, not in a committee, and reached once invited and placed', async () => {
    const db = freshDbPath();
    addExam(db, 'TDT4100-H26');
    await cli(['users', 'add', 'kari', '--name', 'Kari'], { db, as });
    await cli(['roles', 'grant', 'kari', '--role', 'grader', 'author', 'invigilator'], { db, as });
    let r = await explain(db, 'kari', 'TDT4100-H26');
    expect(r.doc.test).toBe('TDT4100-H26');
    expect(r.by.Author.reached).toBe(true);
    expect(r.by.Grade.reasons).toEqual(['not a contributor on test TDT4100-H26 as grader']);
    expect(r.by.Monitor.reasons[0]).toContain('not a contributor on test TDT4100-H26 as invigilator');
    invite(db, 'TDT4100-H26', 'kari', 'grader');
    r = await explain(db, 'kari', 'TDT4100-H26');
    expect(r.by.Grade.reasons[0]).toContain('in no committee');
    invite(db, 'TDT4100-H26', 'kari', 'invigilator');
    const d = openDb(db);
    addGraders(d, findUser(d, 'admin')!, 'TDT4100-H26', 'K1', ['kari'], new Date());
    d.close();
    r = await explain(db, 'kari', 'TDT4100-H26');
    expect(r.by.Grade.reached).toBe(true);
    expect(r.by.Monitor.reached).toBe(true);
  });

  it('extended access acts as planner on every test without an invitation', async () => {
    const db = freshDbPath();
    addExam(db, 'EX1');
    const { by } = await explain(db, 'admin', 'EX1');
    expect(by.Deliver.reached && by.Monitor.reached && by.Grade.reached).toBe(true);
    expect(by.Reports.reasons[0]).toContain('missing role');
  });

  it('points out an invitation the user lacks the system role for', async () => {
    const db = freshDbPath();
    addExam(db, 'EX1');
    await cli(['users', 'add', 'ola', '--name', 'Ola'], { db, as });
    invite(db, 'EX1', 'ola', 'reporter');
    const { by } = await explain(db, 'ola', 'EX1');
    expect(by.Reports.reasons[0]).toContain('invited on test EX1 as reporter, which needs that system role too');
  });

  it('may be asked by administrators and planners, and by a user about itself; exit 4 for unknown user or test', async () => {
    const db = freshDbPath();
    await cli(['users', 'add', 'kari', '--name', 'Kari'], { db, as });
    await cli(['users', 'add', 'ola', '--name', 'Ola'], { db, as });
    expect((await cli(['users', 'explain', 'kari'], { db, as: 'kari' })).code).toBe(0);
    expect((await cli(['users', 'explain', 'ola'], { db, as: 'kari' })).code).toBe(3);
    await cli(['roles', 'grant', 'kari', '--role', 'planner'], { db, as });
    expect((await cli(['users', 'explain', 'ola'], { db, as: 'kari' })).code).toBe(0);
    expect((await cli(['users', 'explain', 'nobody'], { db, as })).code).toBe(4);
    expect((await cli(['users', 'explain', 'ola', '--test', 'NOPE'], { db, as })).code).toBe(4);
    const table = await cli(['users', 'explain', 'ola'], { db, as });
    expect(table.stdout).toMatch(/Author\s+no\s+missing role/);
  });
});

describe('explain suggests the narrowest fix', () => {
  it('for Monitor it proposes the invigilator role, not planner', async () => {
    const db = freshDbPath();
    expect((await cli(['users', 'add', 'ivar', '--name', 'Ivar Vakt'], { db, as })).code).toBe(0);
    const { by } = await explain(db, 'ivar');
    expect(by.Monitor.reached).toBe(false);
    const human = await cli(['users', 'explain', 'ivar'], { db, as });
    expect(human.stdout).toContain(`  examctl --db ${dbAs(db, as)} --as ${as} roles grant ivar --role invigilator\n`);
    expect(human.stdout).toContain(`  examctl --db ${dbAs(db, as)} --as ${as} roles grant ivar --role reporter\n`);
  });
});
