import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';
import { seed } from '../grades/setup.js';

const VERBS: Record<string, string[]> = {
  grades: ['set', 'clear', 'list', 'share', 'confirm', 'reopen', 'import', 'imports', 'undo', 'export', 'sheet', 'aggregate'],
  committees: ['create', 'add-grader', 'assign', 'list'],
  candidates: ['add', 'import', 'list', 'status'],
  groups: ['create', 'join', 'leave', 'list', 'check', 'import'],
};

describe('help ends with examples', () => {
  for (const [group, verbs] of Object.entries(VERBS)) {
    for (const verb of verbs) {
      it(`${group} ${verb} --help ends with examples of itself`, async () => {
        const r = await cli([group, verb, '--help']);
        expect(r.code).toBe(0);
        const examples = r.stdout.slice(r.stdout.indexOf('\nExamples:\n')).split('\n').filter((l) => l.startsWith('  $ examctl '));
        expect(examples.length).toBeGreaterThan(0);
        for (const l of examples) expect(l).toMatch(new RegExp(`^  \\$ examctl (--\\S+( \\S+)? )*${group} ${verb} `));
      });
    }
  }
});

describe('grades export under --json', () => {
  it('--format csv prints CSV on stdout with or without --json; without --format, --json prints the rows as JSON', async () => {
    const db = seed({ candidates: ['101'] });
    const r = await cli(['--json', 'grades', 'export', 'T1', '--format', 'csv'], { db, as: 'admin' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Candidate number,/);
    const j = await cli(['--json', 'grades', 'export', 'T1'], { db, as: 'admin' });
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)[0].candidate).toBe('101');
  });
});
