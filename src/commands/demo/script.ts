import path from 'node:path';

/** The test the demo builds; a code a user can type. */
export const DEMO_TEST = 'TDT4100-2026V';

export interface DemoStep {
  /** Narration, shown before the command runs. */
  say: string;
  as: string;
  args: string[];
}

/**
 * One grading round, end to end, then an appeal, through the real commands: the same code paths a user's
 * commands take. `dir` is the fixtures folder; `out` is where the export goes.
 */
export function demoSteps(dir: string, out: string, transfer: (n: number) => string): DemoStep[] {
  const f = (name: string) => path.join(dir, name);
  const T = DEMO_TEST;
  return [
    { say: 'Users from a spreadsheet (Norwegian headers): staff and eight students.', as: 'admin', args: ['users', 'import', f('users.xlsx')] },
    { say: 'System roles from a spreadsheet: kari plans, ingrid and erik grade, rita reports.', as: 'admin', args: ['roles', 'import', f('roles.xlsx')] },
    { say: 'A location with the capacity of the examination house.', as: 'admin', args: ['locations', 'add', 'Examination House', '--capacity', '1450'] },
    {
      say: `kari creates the test ${T}: letter grades, private marking, collective confirmation by all graders.`,
      as: 'kari',
      args: ['tests', 'create', T, '--course', 'TDT4100', '--year', '2026', '--term', 'spring', '--title', 'Object-oriented programming',
        '--kind', 'school', '--scale', 'letter', '--start', '2026-05-20T09:00+02:00', '--duration', '240', '--location', 'Examination House',
        '--marking', 'private', '--confirm', 'collective', '--confirm-by', 'all'],
    },
    { say: 'rita is invited as reporter.', as: 'kari', args: ['tests', 'contributors', 'add', T, 'rita', '--role', 'reporter'] },
    { say: 'Candidates from a semicolon CSV as Norwegian Excel saves it (108 was absent).', as: 'kari', args: ['candidates', 'import', T, f('candidates.csv')] },
    { say: 'A committee of two graders, one of them external, with every candidate.', as: 'kari', args: ['committees', 'create', T, 'K1'] },
    { say: '', as: 'kari', args: ['committees', 'add-grader', T, 'K1', 'ingrid', 'erik'] },
    { say: '', as: 'kari', args: ['committees', 'assign', T, 'K1', '101', '102', '103', '104', '105', '106', '107', '108'] },
    { say: "ingrid imports her private marks from her .xlsx grading sheet.", as: 'ingrid', args: ['grades', 'import', T, f('marks-ingrid.xlsx')] },
    { say: "erik imports his from a CSV. Neither sees the other's marks yet:", as: 'erik', args: ['grades', 'import', T, f('marks-erik.csv')] },
    { say: "ingrid's view before anyone shares (erik's marks are private):", as: 'ingrid', args: ['grades', 'list', T] },
    { say: 'Both share their marks: where they agree, that is the grade; where not, a conflict.', as: 'ingrid', args: ['grades', 'share', T] },
    { say: '', as: 'erik', args: ['grades', 'share', T] },
    { say: 'The conflicts:', as: 'erik', args: ['grades', 'list', T, '--conflicts'] },
    { say: 'They agree on final grades for the two conflicts.', as: 'erik', args: ['grades', 'set', T, '104', 'B', '--final'] },
    { say: '', as: 'ingrid', args: ['grades', 'set', T, '107', 'C', '--final'] },
    { say: 'Confirmation needs both graders: ingrid confirms, then erik; the grades are locked.', as: 'ingrid', args: ['grades', 'confirm', T] },
    { say: '', as: 'erik', args: ['grades', 'confirm', T] },
    { say: `kari exports the confirmed grades for the student registry to ${out}.`, as: 'kari', args: ['grades', 'export', T, '--confirmed-only', '--format', 'csv', '--output', out] },
    { say: 'rita reads the report:', as: 'rita', args: ['report', T] },
    ...appealEpilogue(transfer),
  ];
}

/** After the grades: transfer to the registry, an appeal graded blind by a new committee, the correction sent. */
function appealEpilogue(transfer: (n: number) => string): DemoStep[] {
  const T = DEMO_TEST;
  return [
    { say: 'kari sends the grades to the student registry, which publishes them today.', as: 'kari', args: ['grades', 'transfer', T, '--output', transfer(1)] },
    { say: 'Emma (s103) appeals her grade.', as: 's103', args: ['appeals', 'file', T, '103', '--reason', 'task 3 was marked too hard'] },
    { say: 'Two new graders for the appeal committee, one of them external.', as: 'admin', args: ['users', 'add', 'sara', '--name', 'Sara Sensor', '--kind', 'external'] },
    { say: '', as: 'admin', args: ['users', 'add', 'per', '--name', 'Per Paulsen', '--kind', 'employee'] },
    { say: '', as: 'admin', args: ['roles', 'grant', 'sara', 'per', '--role', 'grader'] },
    { say: 'kari forms the appeal committee; ingrid and erik graded 103 and may not sit in it.', as: 'kari', args: ['committees', 'create', T, 'KLAGE', '--appeal'] },
    { say: '', as: 'kari', args: ['committees', 'add-grader', T, 'KLAGE', 'sara', 'per'] },
    { say: '', as: 'kari', args: ['committees', 'assign', T, 'KLAGE', '103'] },
    { say: 'sara grades blind: neither the original grade nor the reason is shown to her.', as: 'sara', args: ['appeals', 'list', T] },
    { say: 'sara and per mark privately, share, and agree on B.', as: 'sara', args: ['grades', 'set', T, '103', 'B'] },
    { say: '', as: 'per', args: ['grades', 'set', T, '103', 'B'] },
    { say: '', as: 'sara', args: ['grades', 'share', T] },
    { say: '', as: 'per', args: ['grades', 'share', T] },
    { say: 'Both confirm: the appeal is decided, and its grade replaces the original.', as: 'sara', args: ['grades', 'confirm', T] },
    { say: '', as: 'per', args: ['grades', 'confirm', T] },
    { say: 'The next transfer sends the new grade as a correction.', as: 'kari', args: ['grades', 'transfer', T, '--output', transfer(2)] },
    { say: 'kari sees the appeal transferred, with the original grade:', as: 'kari', args: ['appeals', 'list', T] },
  ];
}

/** A word as a POSIX shell reads it back unchanged (macOS's default folder has a space in it). */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The commands printed at the end; each works as printed, also off a terminal. */
export function tryNext(dbPath: string): string[] {
  const T = DEMO_TEST;
  return [
    `export EXAMCTL_DB=${shellWord(dbPath)}`,
    `examctl --as ingrid grades list ${T}`,
    `examctl --as rita report ${T}`,
    `examctl --as kari log --test ${T}`,
    `examctl --as admin users explain erik --test ${T}`,
    `examctl --as kari grades transfers ${T}`,
    `examctl --as sara appeals list ${T} --json`,
    `examctl --as kari grades export ${T} --format json`,
    'examctl db check',
  ];
}
