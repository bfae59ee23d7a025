import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { ON_PG, emptyDb, openDb, spawnCli, tmpDir, type CliResult } from '../helpers.js';
import { restorePgDump } from '../engine.js';

/**
 * One exam-office term played through the built binary (build first: `npx tsc -p .`, as `npm test`
 * does), using every command form of SPEC §12 as written there. The blocks share one database and
 * run in order. Commands that only read are spawned side by side to keep the file fast.
 */
const dir = tmpDir();
const db = emptyDb(dir, 'office.db');
const file = (name: string, content: string | Buffer) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
};
const BOM = '\uFEFF';
/** The day the session began (local), for `log --since <date>`. */
const started = new Date(Date.now() - 1000);
const since = `${started.getFullYear()}-${String(started.getMonth() + 1).padStart(2, '0')}-${String(started.getDate()).padStart(2, '0')}`;

/** Runs examctl as `as` through EXAMCTL_DB/EXAMCTL_USER and checks the exit code. */
async function ex(as: string, args: string[], code = 0): Promise<CliResult> {
  const r = await spawnCli(args, { env: { EXAMCTL_DB: db, EXAMCTL_USER: as } });
  expect(r.code, `examctl ${args.join(' ')} (as ${as})\n${r.stderr}${r.stdout}`).toBe(code);
  return r;
}
/** The same with --json, parsing stdout. */
async function js<T = any>(as: string, args: string[], code = 0): Promise<T> {
  return JSON.parse((await ex(as, ['--json', ...args], code)).stdout) as T;
}
function query<T = unknown>(sql: string, ...params: unknown[]): T[] {
  const d = openDb(db);
  try {
    return d.prepare(sql).all(...params) as T[];
  } finally {
    d.close();
  }
}
/** Grade of record per candidate number of one test. */
function grades(test: string): Record<string, { grade: string | null; points: number | null; confirmed: number }> {
  const rows = query<{ n: string; grade: string | null; points: number | null; confirmed: number }>(
    `SELECT c.number AS n, g.grade, g.points, g.confirmed FROM grades g
       JOIN candidates c ON c.id = g.candidate_id JOIN exams e ON e.id = c.exam_id WHERE e.code = ?`,
    test,
  );
  return Object.fromEntries(rows.map((r) => [r.n, { grade: r.grade, points: r.points, confirmed: r.confirmed }]));
}

describe.sequential('an exam-office term through every SPEC §12 command form (spawned)', () => {
  it('init, users and roles: the office staffs the term', async () => {
    // init with --db/--as style global options; the rest of the session uses EXAMCTL_DB/EXAMCTL_USER.
    const init = await spawnCli(['--db', db, 'init', '--admin', 'admin', '--name', 'Ada Admin', '--email', 'ada@ntnu.no']);
    expect(init.code, init.stderr).toBe(0);

    await ex('admin', ['users', 'add', 'olav', '--name', 'Olav Planlegger', '--email', 'olav@ntnu.no', '--kind', 'employee', '--login', 'feide,idporten']);
    await ex('admin', ['users', 'add', 'kari', '--name', 'Kari Nordmann']);
    await ex('admin', ['users', 'add', 'ingrid', '--name', 'Ingrid Sensor', '--email', 'ingrid@ntnu.no']);
    await ex('admin', ['users', 'add', 'rita', '--name', 'Rita Rapport', '--kind', 'employee']);
    await ex('admin', ['users', 'add', 'erik', '--name', 'Erik Ekstern', '--kind', 'external', '--login', 'feide']);

    // Students and an e-mail for kari, from a Norwegian Excel CSV (';', BOM, CRLF).
    const users = file(
      'brukere.csv',
      BOM +
        ['Brukernavn;Navn;E-post;Type', 'kari;;kari@ntnu.no;', ...[1, 2, 3, 4, 5, 6].map((i) => `s${i};Student ${i};s${i}@stud.ntnu.no;student`)].join('\r\n'),
    );
    const dry = await js('admin', ['users', 'import', users, '--mode', 'upsert', '--dry-run']);
    expect(dry).toMatchObject({ dryRun: true, counts: { added: 6, updated: 1, errors: 0 } });
    expect(query('SELECT username FROM users WHERE kind = ?', 'student')).toEqual([]);
    const imp = await js('admin', ['users', 'import', users, '--mode', 'upsert']);
    expect(imp).toMatchObject({ dryRun: false, counts: { added: 6, updated: 1 } });
    expect(query('SELECT count(*) AS n FROM users WHERE kind = ?', 'student')).toEqual([{ n: 6 }]);
    await ex('admin', ['users', 'import', file('ekstra.csv', 'username,name,kind\ns7,Student Sju,student\n'), '--mode', 'add']);

    const upd = await js('admin', ['users', 'update', 'erik', '--name', 'Erik Eksternsen', '--email', 'erik@uib.no', '--kind', 'external', '--login', 'feide', '--feide-activated']);
    expect(upd.changes).toMatchObject({ name: { old: 'Erik Ekstern', new: 'Erik Eksternsen' }, email: { old: null, new: 'erik@uib.no' } });

    // Roles: a profile, explicit roles (several users and roles at once), a revoke, and a file.
    await ex('admin', ['roles', 'grant', 'kari', 'ingrid', '--profile', 'academic']);
    const grant = await js('admin', ['roles', 'grant', 'olav', 'rita', '--role', 'planner', 'reporter', 'chief-invigilator']);
    expect(grant.map((g: { username: string }) => g.username)).toEqual(['olav', 'rita']);
    await ex('admin', ['roles', 'revoke', 'rita', '--role', 'planner', 'chief-invigilator']);
    const rolesCsv = file('roller.csv', 'username;role;action\nerik;external-grader;\nolav;author;grant\nolav;reporter;revoke\n');
    expect(await js('admin', ['roles', 'import', rolesCsv, '--dry-run'])).toMatchObject({ dryRun: true, counts: { errors: 0 } });
    expect(query(`SELECT count(*) AS n FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.username = 'erik'`)).toEqual([{ n: 0 }]);
    expect(await js('admin', ['roles', 'import', rolesCsv])).toMatchObject({ dryRun: false, counts: { errors: 0 } });

    const ext = await js('admin', ['roles', 'extended', 'grant', 'olav']);
    expect(ext).toMatchObject({ username: 'olav', extended: true, changed: true });
    expect((await js('admin', ['roles', 'extended', 'revoke', 'olav'])).extended).toBe(false);

    // The student s6 leaves and comes back.
    await ex('admin', ['users', 'deactivate', 's6']);
    const [everyone, activeStudents, graders, kari, rolesAll, rolesKari] = await Promise.all([
      js('admin', ['users', 'list', '--kind', 'student', '--all']),
      js('admin', ['users', 'list', '--kind', 'student']),
      js('olav', ['users', 'list', '--role', 'grader', '--kind', 'external']),
      js('admin', ['users', 'show', 'kari']),
      js('admin', ['roles', 'list']),
      js('kari', ['roles', 'list', 'kari']),
    ]);
    expect(everyone).toHaveLength(7);
    expect(activeStudents.map((u: { username: string }) => u.username)).not.toContain('s6');
    expect(graders.map((u: { username: string }) => u.username)).toEqual(['erik']);
    expect(kari).toMatchObject({ username: 'kari', email: 'kari@ntnu.no', roles: ['author', 'grader'] });
    // SPEC §12 / README: roles list --json is [{username, roles, extended}] for users holding roles.
    expect(rolesAll).toEqual(
      expect.arrayContaining([
        { username: 'admin', roles: expect.arrayContaining(['planner', 'user-administrator']), extended: true },
        { username: 'erik', roles: ['grader'], extended: false },
        { username: 'olav', roles: ['author', 'chief-invigilator', 'planner'], extended: false },
        { username: 'rita', roles: ['reporter'], extended: false },
      ]),
    );
    expect(rolesAll.map((r: { username: string }) => r.username)).not.toContain('s1');
    expect(rolesKari).toEqual({ username: 'kari', roles: ['author', 'grader'], extended: false });
    await ex('admin', ['users', 'reactivate', 's6']);
    expect(query(`SELECT active FROM users WHERE username = 's6'`)).toEqual([{ active: 1 }]);
  });
  it('tests, locations, contributors, candidates, committees, groups and capacity: the term is planned', async () => {
    await ex('olav', ['locations', 'add', 'Lille sal', '--capacity', '4']);
    await ex('olav', ['locations', 'add', 'Sukkerhuset', '--capacity', '250']);
    expect(await js('kari', ['locations', 'list'])).toEqual([
      { location: 'Lille sal', capacity: 4 },
      { location: 'Sukkerhuset', capacity: 250 },
    ]);

    // A school exam in private marking with every create option a school exam takes.
    const t = await js('olav', [
      'tests', 'create', 'TDT4100', '--course', 'TDT4100', '--year', '2026', '--term', 'spring', '--title', 'Objektorientert programmering',
      '--variant', 'ordinær', '--kind', 'school', '--scale', 'letter', '--start', '2026-06-01T09:00', '--duration', '240',
      '--location', 'Lille sal', '--marking', 'private', '--confirm', 'collective', '--confirm-by', 'all', '--groups', 'none',
    ]);
    expect(t).toMatchObject({ code: 'TDT4100', course: 'TDT4100', year: 2026, term: 'spring', variant: 'ordinær', scale: 'letter', marking: 'private', confirm: 'collective', confirmBy: 'all', location: 'Lille sal', duration: 240 });
    // A mid-term test must keep the mid-term rules; breaking one is refused naming it.
    const midArgs = ['tests', 'create', 'TDT4100-MID', '--course', 'TDT4100', '--year', '2026', '--term', 'spring', '--title', 'Midtsemester', '--kind', 'school',
      '--start', '2026-06-01T10:00', '--duration', '120', '--location', 'Lille sal', '--midterm', '--counts-toward-final', '--compulsory'];
    expect((await ex('olav', midArgs, 2)).stderr).toMatch(/Safe Exam Browser|seb/i);
    expect(await js('olav', [...midArgs, '--seb'])).toMatchObject({ midterm: true, countsTowardFinal: true, compulsory: true, seb: true });
    // The alias `exams`: a home exam on points, shared marking, per-candidate confirmation, password groups.
    await ex('olav', ['exams', 'create', 'IT2805', '--course', 'IT2805', '--year', '2026', '--term', 'autumn', '--title', 'Webteknologi', '--kind', 'home',
      '--scale', 'points', '--marking', 'shared', '--confirm', 'per-candidate', '--confirm-by', 'one', '--groups', 'password']);
    await ex('olav', ['tests', 'create', 'PRJ', '--course', 'IT1901', '--year', '2026', '--term', 'autumn', '--title', 'Prosjekt', '--kind', 'assignment',
      '--marking', 'shared', '--groups', 'predefined']);
    // A portfolio: a grade registration test aggregating two ungraded points parts.
    await ex('olav', ['tests', 'create', 'AGG', '--course', 'TMA4100', '--year', '2026', '--term', 'autumn', '--title', 'Mappe', '--kind', 'oral', '--registration', '--marking', 'shared']);
    for (const p of ['P1', 'P2'])
      await ex('olav', ['tests', 'create', p, '--course', 'TMA4100', '--year', '2026', '--term', 'autumn', '--title', `Mappedel ${p}`, '--kind', 'assignment',
        '--scale', 'points', '--marking', 'shared', '--part-of', 'AGG', '--ungraded-part']);

    const upd = await js('olav', ['tests', 'update', 'TDT4100', '--title', 'Objektorientert programmering (ordinær)', '--duration', '300']);
    expect(upd.changed).toMatchObject({ duration: { old: 240, new: 300 } });

    // Contributors: a reporter, and a grader invited then removed again.
    await ex('olav', ['tests', 'contributors', 'add', 'TDT4100', 'rita', '--role', 'reporter']);
    await ex('olav', ['tests', 'contributors', 'add', 'TDT4100', 'ingrid', '--role', 'grader']);
    await ex('olav', ['tests', 'contributors', 'remove', 'TDT4100', 'ingrid', '--role', 'grader']);

    // Thresholds of the points test: shown, then raised for A and B.
    expect(await js('olav', ['tests', 'thresholds', 'IT2805'])).toMatchObject({ test: 'IT2805', scale: 'points', thresholds: { A: 89, B: 77, C: 65, D: 53, E: 41 } });
    const th = await js('olav', ['tests', 'thresholds', 'IT2805', '--set', 'A=90,B=80,C=65,D=53,E=41']);
    expect(th.thresholds).toEqual({ A: 90, B: 80, C: 65, D: 53, E: 41 });

    // Candidates: added by hand (one linked to a student), and from a Norwegian CSV.
    await ex('olav', ['candidates', 'add', 'TDT4100', '101', '--student', 's1', '--status', 'registered']);
    await ex('olav', ['candidates', 'add', 'TDT4100', '102', '103', '104']);
    const kand = file('kandidater.csv', BOM + 'Kandidatnummer;Brukernavn;Status\r\n105;s5;registered\r\n106;s6;absent\r\n');
    expect(await js('olav', ['candidates', 'import', 'TDT4100', kand])).toMatchObject({ test: 'TDT4100', added: 2 });
    const st = await js('olav', ['candidates', 'status', 'TDT4100', 'attended', '101', '102', '103', '104', '105']);
    expect(st).toHaveLength(5);
    for (const [i, n] of ['201', '202', '203', '204'].entries()) await ex('olav', ['candidates', 'add', 'IT2805', n, '--student', `s${i + 1}`]);
    await ex('olav', ['candidates', 'add', 'PRJ', '301', '302']);
    for (const t of ['AGG', 'P1', 'P2']) await ex('olav', ['candidates', 'add', t, '401', '--student', 's7', '--status', 'attended']);

    // Committees: two graders; candidates by number and from a bare list file.
    await ex('olav', ['committees', 'create', 'TDT4100', 'K1']);
    await ex('olav', ['committees', 'add-grader', 'TDT4100', 'K1', 'kari', 'erik']);
    await ex('olav', ['committees', 'assign', 'TDT4100', 'K1', '101', '102', '103']);
    await ex('olav', ['committees', 'assign', 'TDT4100', 'K1', '--file', file('k1.csv', '104\n105\n106\n')]);
    await ex('olav', ['committees', 'create', 'IT2805', 'A']);
    await ex('olav', ['committees', 'add-grader', 'IT2805', 'A', 'ingrid']);
    await ex('olav', ['committees', 'assign', 'IT2805', 'A', '201', '202', '203', '204']);

    // Groups: a student makes a password group and a fellow student joins with PIN and password;
    // the office builds a predefined group.
    const pw = (await ex('s1', ['groups', 'create', 'IT2805', '--pin', '1234'])).stdout.trim();
    // SPEC §5: 16 characters of digits, letters and symbols.
    expect(pw).toMatch(/^\S{16}$/);
    expect([/\d/, /[A-Za-z]/, /[^A-Za-z0-9]/].every((re) => re.test(pw))).toBe(true);
    expect((await ex('s2', ['groups', 'join', 'IT2805', '1234', '202', '--password', 'wrong-password-1'], 3)).code).toBe(3);
    await ex('s2', ['groups', 'join', 'IT2805', '1234', '202', '--password', pw]);
    await ex('olav', ['groups', 'create', 'PRJ', '--name', 'Alfa']);
    await ex('olav', ['groups', 'join', 'PRJ', 'Alfa', '301']);
    await ex('olav', ['groups', 'join', 'PRJ', 'Alfa', '302']);

    const [list, exams, show, check, contributors, absent, committees, groupsIt, groupsPrj, checkIt, capacity] = await Promise.all([
      js('olav', ['tests', 'list']),
      js('olav', ['exams', 'list']),
      js('rita', ['tests', 'show', 'TDT4100']),
      js('olav', ['tests', 'check', 'TDT4100']),
      js('olav', ['tests', 'contributors', 'list', 'TDT4100']),
      js('olav', ['candidates', 'list', 'TDT4100', '--status', 'absent']),
      js('olav', ['committees', 'list', 'TDT4100']),
      js('olav', ['groups', 'list', 'IT2805']),
      js('olav', ['groups', 'list', 'PRJ']),
      js('olav', ['groups', 'check', 'IT2805']),
      js('olav', ['capacity', '--from', '2026-06-01', '--to', '2026-06-01']),
    ]);
    expect(list.map((x: { code: string }) => x.code).sort()).toEqual(['AGG', 'IT2805', 'P1', 'P2', 'PRJ', 'TDT4100', 'TDT4100-MID']);
    expect(exams).toEqual(list);
    expect(show).toMatchObject({ code: 'TDT4100', title: 'Objektorientert programmering (ordinær)', duration: 300, candidates: 6 });
    expect(show.contributors).toEqual(expect.arrayContaining([{ username: 'olav', role: 'planner' }, { username: 'rita', role: 'reporter' }]));
    expect(check).toMatchObject({ test: 'TDT4100', ok: true, findings: [] });
    expect(contributors.map((c: { username: string; role: string }) => `${c.username}:${c.role}`).sort()).toEqual(['erik:grader', 'kari:grader', 'olav:planner', 'rita:reporter']);
    expect(absent).toEqual([{ candidate: '106', student: 's6', status: 'absent', committee: 'K1', group: null }]);
    expect(committees).toEqual([{ committee: 'K1', graders: ['erik', 'kari'], candidates: 6 }]);
    expect(groupsIt).toEqual([{ group: '1234', pin: '1234', members: ['201', '202'] }]);
    expect(groupsPrj).toEqual([{ group: 'Alfa', pin: null, members: ['301', '302'] }]);
    expect(checkIt.ok).toBe(false);
    expect(checkIt.findings).toEqual([expect.objectContaining({ kind: 'candidate-without-group', items: ['203', '204'] })]);
    // Six seats in TDT4100 (the absent one planned for) and six in the mid-term, in a room for four.
    // TDT4100 alone (six seats, the absent one planned for) is over the four seats from 09:00 to 14:00;
    // the mid-term (no candidates yet) runs inside it from 10:00 to 12:00.
    expect(capacity.windows.map((w: { location: string; seats: number; tests: { test: string }[] }) => [w.location, w.seats, w.tests.map((x) => x.test).join('+')])).toEqual([
      ['Lille sal', 6, 'TDT4100'],
      ['Lille sal', 6, 'TDT4100+TDT4100-MID'],
      ['Lille sal', 6, 'TDT4100'],
    ]);
    expect(capacity.windows[1].from).toMatch(/^2026-06-01T10:00/);
  });
  it('a private-marking round on TDT4100: sheet, imports, share, conflicts, final grades, confirm, reopen', async () => {
    // kari fills in the grading sheet examctl wrote for her committee, as Excel would save it.
    const sheet = path.join(dir, 'K1.xlsx');
    const made = await js('kari', ['grades', 'sheet', 'TDT4100', '--committee', 'K1', '--output', sheet]);
    expect(made).toMatchObject({ test: 'TDT4100', committee: 'K1', candidates: 5 });
    const wb = XLSX.read(fs.readFileSync(sheet));
    const sheetName = wb.SheetNames[0];
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[sheetName], { header: 1 });
    const header = rows.findIndex((r) => r.includes('Grade'));
    const gradeCol = rows[header].indexOf('Grade');
    const kariMarks: Record<string, string> = { '101': 'A', '102': 'B', '103': 'C', '104': 'D', '105': 'E' };
    for (let r = header + 1; r < rows.length; r++) {
      const n = String(rows[r][0]);
      XLSX.utils.sheet_add_aoa(wb.Sheets[sheetName], [[kariMarks[n]]], { origin: { r, c: gradeCol } });
    }
    fs.writeFileSync(path.join(dir, 'K1-kari.xlsx'), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    const kariImport = await js('kari', ['grades', 'import', 'TDT4100', path.join(dir, 'K1-kari.xlsx'), '--sheet', sheetName]);
    expect(kariImport).toEqual({
      batch: expect.any(Number),
      dryRun: false,
      counts: { new: 5, changed: 0, unchanged: 0, empty: 0, errors: 0 },
      changes: Object.entries(kariMarks).map(([candidate, g]) => ({ candidate, old: null, new: g })),
      errors: [],
      plan: null,
      sheet: sheetName,
    });
    // Private marks: no grade of record yet.
    expect(grades('TDT4100')).toEqual({});

    // erik's own spreadsheet, saved by Norwegian Excel as Windows-1252 CSV with his own headers.
    const erikCsv = Buffer.from(
      'Kand.nr;Vurdering;Merknad\r\n101;A;Særs godt \x96 ingen feil\r\n102;B;\r\n103;B;Små feil\r\n104;D;\r\n105;F;Kjøpt tid\r\n',
      'latin1',
    );
    const erikFile = file('sensur-erik.csv', erikCsv);
    // Not UTF-8: refused whole, with the error document saying what to do.
    const noEnc = await js('erik', ['grades', 'import', 'TDT4100', erikFile, '--candidate-column', 'Kand.nr', '--grade-column', 'Vurdering'], 2);
    expect(noEnc).toMatchObject({ batch: null, dryRun: false, counts: { new: 0 } });
    expect(noEnc.errors).toHaveLength(1);
    expect(Object.keys(noEnc.errors[0]).sort()).toEqual(['column', 'file', 'message', 'row', 'sheet', 'value']);
    expect(noEnc.errors[0].message).toContain('--encoding windows-1252');
    const erikImport = await js('erik', ['grades', 'import', 'TDT4100', erikFile, '--candidate-column', 'Kand.nr', '--grade-column', 'Vurdering', '--delimiter', ';', '--encoding', 'windows-1252']);
    expect(erikImport).toMatchObject({ dryRun: false, counts: { new: 5, errors: 0 } });

    // Before sharing, kari sees her own marks only, unshared.
    const before = await js('kari', ['grades', 'list', 'TDT4100', '--committee', 'K1']);
    expect(before.find((g: { candidate: string }) => g.candidate === '101')).toEqual({
      candidate: '101', grade: null, points: null, confirmed: false, conflict: false,
      marks: [{ grader: 'kari', grade: 'A', shared: false }],
    });

    // Both share (both forms); agreement becomes the grade, disagreement a conflict.
    await ex('kari', ['grades', 'share', 'TDT4100']);
    const shared = await js('erik', ['grades', 'share', 'TDT4100', '--committee', 'K1']);
    expect(shared.committees).toEqual([{ committee: 'K1', waitingFor: [], agreed: ['101', '102', '104'], conflicts: ['103', '105'] }]);
    const conflicts = await js('olav', ['grades', 'list', 'TDT4100', '--conflicts']);
    expect(conflicts).toEqual([
      { candidate: '103', grade: null, points: null, confirmed: false, conflict: true, marks: [{ grader: 'erik', grade: 'B', shared: true }, { grader: 'kari', grade: 'C', shared: true }] },
      { candidate: '105', grade: null, points: null, confirmed: false, conflict: true, marks: [{ grader: 'erik', grade: 'F', shared: true }, { grader: 'kari', grade: 'E', shared: true }] },
    ]);
    // No confirmation while a conflict remains.
    expect((await ex('kari', ['grades', 'confirm', 'TDT4100', '--committee', 'K1'], 5)).stderr).toContain('103');
    await ex('kari', ['grades', 'set', 'TDT4100', '103', 'C', '--final']);
    await ex('erik', ['grades', 'set', 'TDT4100', '105', 'E', '--final']);

    // Confirm-by all: kari's confirmation waits for erik's, which locks the grades.
    const first = await js('kari', ['grades', 'confirm', 'TDT4100', '--committee', 'K1']);
    expect(first.confirmed).toEqual([]);
    expect(first.pending).toContainEqual({ candidate: '101', waitingFor: ['erik'] });
    expect(Object.values(grades('TDT4100')).every((g) => g.confirmed === 0)).toBe(true);
    const last = await js('erik', ['grades', 'confirm', 'TDT4100']);
    expect(last.confirmed).toEqual(['101', '102', '103', '104', '105']);
    expect(grades('TDT4100')).toEqual({
      '101': { grade: 'A', points: null, confirmed: 1 },
      '102': { grade: 'B', points: null, confirmed: 1 },
      '103': { grade: 'C', points: null, confirmed: 1 },
      '104': { grade: 'D', points: null, confirmed: 1 },
      '105': { grade: 'E', points: null, confirmed: 1 },
    });
    await ex('kari', ['grades', 'set', 'TDT4100', '101', 'B'], 5);

    // A complaint: the planner reopens 101 (a decision: --yes off a terminal), sets the new grade
    // with its points, and the committee confirms it again.
    expect((await ex('olav', ['grades', 'reopen', 'TDT4100', '--candidate', '101'], 2)).stderr).toContain('--yes');
    await ex('olav', ['--yes', 'grades', 'reopen', 'TDT4100', '--candidate', '101']);
    expect(grades('TDT4100')['101'].confirmed).toBe(0);
    await ex('olav', ['grades', 'set', 'TDT4100', '101', 'B', '--points', '80']);
    await ex('kari', ['grades', 'confirm', 'TDT4100', '--committee', 'K1']);
    await ex('erik', ['grades', 'confirm', 'TDT4100', '--committee', 'K1']);
    expect(grades('TDT4100')['101']).toEqual({ grade: 'B', points: 80, confirmed: 1 });
  });

  it('points, group grades and a portfolio: import with dry run, undo, clear, per-candidate confirm, aggregate', async () => {
    // A group's submission graded once for both members, then one member's own grade.
    const group = await js('ingrid', ['grades', 'set', 'IT2805', '1234', '75', '--group']);
    expect(group.results.map((r: { candidate: string }) => r.candidate)).toEqual(['201', '202']);
    await ex('ingrid', ['grades', 'set', 'IT2805', '201', '88,5']);
    await ex('olav', ['grades', 'set', 'PRJ', 'Alfa', 'B', '--group']);
    expect(grades('PRJ')).toEqual({ '301': { grade: 'B', points: null, confirmed: 0 }, '302': { grade: 'B', points: null, confirmed: 0 } });

    // Points from a ';' CSV with a BOM and a header no default knows: dry run first, then for real.
    const pts = file('poeng.csv', BOM + 'Kandidatnummer;Poengsum totalt;Kommentar\r\n201;88,5;\r\n202;77;\r\n203;91;\r\n204;;syk\r\n');
    const args = ['grades', 'import', 'IT2805', pts, '--points-column', 'Poengsum totalt'];
    const dry = await js('ingrid', [...args, '--dry-run']);
    const expected = {
      counts: { new: 1, changed: 1, unchanged: 1, empty: 1, errors: 0 },
      changes: [{ candidate: '202', old: 75, new: 77 }, { candidate: '203', old: null, new: 91 }],
      errors: [],
    };
    expect(dry).toMatchObject({ batch: null, dryRun: true, ...expected });
    expect(grades('IT2805')['203']).toBeUndefined();
    const real = await js('ingrid', args);
    expect(real).toMatchObject({ batch: expect.any(Number), dryRun: false, ...expected });
    expect(grades('IT2805')).toMatchObject({ '202': { grade: 'C', points: 77 }, '203': { grade: 'A', points: 91 } });

    // The batch is listed and undone exactly, and the same file then imports again.
    const batches = await js('olav', ['grades', 'imports', 'IT2805']);
    expect(batches).toEqual([expect.objectContaining({ batch: real.batch, test: 'IT2805', kind: 'import', file: 'poeng.csv', actor: 'ingrid', undone: false })]);
    await ex('ingrid', ['grades', 'undo', String(real.batch)]);
    expect(grades('IT2805')).toMatchObject({ '202': { grade: 'C', points: 75 } });
    expect(grades('IT2805')['203']).toBeUndefined();
    await ex('ingrid', args);

    // Clearing is the only way to remove a grade, and a decision (--yes).
    expect((await ex('ingrid', ['grades', 'clear', 'IT2805', '203'], 2)).stderr).toContain('--yes');
    await ex('ingrid', ['--yes', 'grades', 'clear', 'IT2805', '203']);
    expect(grades('IT2805')['203']).toBeUndefined();

    // Per-candidate confirmation of one candidate.
    expect(await js('ingrid', ['grades', 'confirm', 'IT2805', '--candidate', '201'])).toMatchObject({ test: 'IT2805', confirmed: ['201'] });
    expect(grades('IT2805')['201']).toEqual({ grade: 'B', points: 88.5, confirmed: 1 });

    // The portfolio: points on the two ungraded parts, weighted into the registration test.
    await ex('olav', ['grades', 'set', 'P1', '401', '60']);
    await ex('olav', ['grades', 'set', 'P2', '401', '100']);
    // A part that takes no grade of its own keeps the points only.
    expect(grades('P1')).toEqual({ '401': { grade: null, points: 60, confirmed: 0 } });
    const agg = await js('olav', ['grades', 'aggregate', 'AGG', '--weights', 'P1=0.5,P2=0.5']);
    expect(agg).toMatchObject({ test: 'AGG', dryRun: false, counts: { new: 1 }, rows: [{ candidate: '401', student: 's7', points: 80, grade: 'B', change: 'new' }] });
    expect(grades('AGG')).toEqual({ '401': { grade: 'B', points: 80, confirmed: 0 } });

    // New thresholds regrade the unconfirmed letters derived from points; confirmed ones keep theirs.
    const th = await js('olav', ['tests', 'thresholds', 'IT2805', '--set', 'A=88,B=77']);
    expect(th.regraded).toEqual([expect.objectContaining({ candidate: '202', points: 77, old: 'C', new: 'B' })]);
    expect(grades('IT2805')).toMatchObject({ '201': { grade: 'B', confirmed: 1 }, '202': { grade: 'B', points: 77 } });
  });
  it('results out: exports, the report, access explained, the log, backup and check; the demo in its own database', async () => {
    // The demo builds its own database beside ours while the office works.
    const demoDb = path.join(dir, 'demo.db');
    const demo = spawnCli(['demo'], { env: { EXAMCTL_DB: demoDb } });

    const csvOut = path.join(dir, 'IT2805-confirmed.csv');
    const xlsxOut = path.join(dir, 'TDT4100.xlsx');
    const [csv, xlsx, json, report, explainErik, explainIngrid, log, logLater, graderExport] = await Promise.all([
      ex('olav', ['grades', 'export', 'IT2805', '--format', 'csv', '--output', csvOut, '--confirmed-only']),
      ex('olav', ['grades', 'export', 'TDT4100', '--format', 'xlsx', '--output', xlsxOut]),
      js('olav', ['grades', 'export', 'IT2805', '--format', 'json']),
      js('rita', ['report', 'TDT4100']),
      js('admin', ['users', 'explain', 'erik', '--test', 'TDT4100']),
      js('olav', ['users', 'explain', 'ingrid', '--test', 'TDT4100']),
      js('rita', ['log', '--test', 'TDT4100', '--user', 'kari', '--since', since]),
      js('rita', ['log', '--test', 'TDT4100', '--user', 'kari', '--since', '2099-01-01']),
      ex('kari', ['grades', 'export', 'TDT4100', '--format', 'json'], 3),
    ]);
    expect(csv.stdout + xlsx.stdout).toBe('');
    // SPEC §7: planners only; a grader may not export.
    expect(graderExport.stdout).toBe('');
    // Confirmed only: the result transfer to the student registry.
    expect(fs.readFileSync(csvOut, 'utf8').trim().split(/\r?\n/)).toEqual([
      'Candidate number,Student,Committee,Grade,Points,Status,Confirmed',
      '201,s1,A,B,88.5,registered,yes',
    ]);
    const sheet = XLSX.read(fs.readFileSync(xlsxOut));
    const exported = XLSX.utils.sheet_to_json<Record<string, unknown>>(sheet.Sheets[sheet.SheetNames[0]]);
    expect(exported.map((r) => [r['Candidate number'], r.Grade ?? null, r.Confirmed])).toEqual([
      ['101', 'B', 'yes'], ['102', 'B', 'yes'], ['103', 'C', 'yes'], ['104', 'D', 'yes'], ['105', 'E', 'yes'], ['106', null, 'no'],
    ]);
    expect(json).toEqual([
      { candidate: '201', student: 's1', committee: 'A', grade: 'B', points: 88.5, status: 'registered', confirmed: true },
      { candidate: '202', student: 's2', committee: 'A', grade: 'B', points: 77, status: 'registered', confirmed: false },
      { candidate: '203', student: 's3', committee: 'A', grade: null, points: null, status: 'registered', confirmed: false },
      { candidate: '204', student: 's4', committee: 'A', grade: null, points: null, status: 'registered', confirmed: false },
    ]);

    expect(report).toMatchObject({ test: 'TDT4100', scale: 'letter', marking: 'private', candidates: 6, graded: 5 });
    expect(report.distribution.map((d: { grade: string; count: number }) => `${d.grade}${d.count}`)).toEqual(['A0', 'B2', 'C1', 'D1', 'E1', 'F0']);
    expect(report.committees).toEqual([
      { committee: 'K1', graders: ['erik', 'kari'], shared: ['erik', 'kari'], candidates: 6, eligible: 5, graded: 5, conflicts: 0, confirmed: 5 },
    ]);

    // SPEC §9: the external grader reaches Grade on the test; ingrid, removed from it, does not, and is told why.
    const modules = ['Author', 'Deliver', 'Monitor', 'Grade', 'Reports', 'User administration'];
    for (const e of [explainErik, explainIngrid]) {
      expect(Object.keys(e).sort()).toEqual(['modules', 'test', 'username']);
      expect(e.modules.map((m: { module: string }) => m.module)).toEqual(modules);
      for (const m of e.modules) expect(Object.keys(m).sort()).toEqual(['module', 'reached', 'reasons']);
    }
    expect(explainErik.modules.find((m: { module: string }) => m.module === 'Grade')).toEqual({ module: 'Grade', reached: true, reasons: [] });
    const ingridGrade = explainIngrid.modules.find((m: { module: string }) => m.module === 'Grade');
    expect(ingridGrade.reached).toBe(false);
    expect(ingridGrade.reasons.join(' ')).toMatch(/not a contributor on test TDT4100/);

    // The log of kari's work on the test since the session began, oldest first.
    const kinds = log.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['committees.add-grader', 'grades.import', 'grades.share', 'grades.set', 'grades.confirm']));
    expect(log.every((e: { test: string; actor: string; user: string | null }) => e.test === 'TDT4100' && (e.actor === 'kari' || e.user === 'kari'))).toBe(true);
    expect(logLater).toEqual([]);

    // Backup through the backup API (pg_dump on PostgreSQL), then both databases check clean.
    const backup = path.join(dir, 'backup', 'office-copy.db');
    fs.mkdirSync(path.dirname(backup));
    await ex('admin', ['db', 'backup', backup]);
    await ex('kari', ['db', 'check']);
    if (ON_PG) expect(fs.readFileSync(backup).subarray(0, 5).toString()).toBe('PGDMP');
    const restored = ON_PG ? restorePgDump(backup) : backup;
    const copy = await spawnCli(['--db', restored, '--as', 'admin', '--json', 'db', 'check']);
    expect(copy.code, copy.stderr).toBe(0);
    expect(JSON.parse(copy.stdout)).toMatchObject({ ok: true, integrity: [], foreignKeys: [] });
    const b = openDb(restored);
    expect(b.prepare('SELECT count(*) AS n FROM grades WHERE confirmed = 1').get()).toEqual({ n: query<{ n: number }>('SELECT count(*) AS n FROM grades WHERE confirmed = 1')[0].n });
    b.close();

    const d = await demo;
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toContain(`export EXAMCTL_DB=${demoDb}`);
    // Our own database is untouched by the demo.
    expect(query(`SELECT count(*) AS n FROM events WHERE kind = 'demo'`)).toEqual([{ n: 0 }]);
  });
});
