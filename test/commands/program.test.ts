import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { groupNamed } from '../../src/program.js';
import { createOutput } from '../../src/ui/output.js';
import { cli, freshDbPath } from '../helpers.js';

describe('loading only the group a command line names', () => {
  it('finds the group past global options and their values, and follows the exams alias', () => {
    expect(groupNamed(['--db', 'x.db', '--as', 'kari', '--json', 'users', 'list'])).toBe('users');
    expect(groupNamed(['exams', 'list'])).toBe('tests');
    expect(groupNamed(['--help'])).toBeUndefined();
    expect(groupNamed(['help', 'grades'])).toBe('grades');
  });

  it('still answers through the alias, and root help lists every group', async () => {
    const db = freshDbPath();
    const r = await cli(['--json', 'exams', 'list'], { db, as: 'admin' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const g of ['init', 'demo', 'users', 'roles', 'tests|exams', 'candidates', 'committees', 'grades', 'groups', 'locations', 'capacity', 'report', 'log', 'db']) {
      expect(help.stdout).toContain(g);
    }
  });

  it('an unknown command is a usage error (exit 2)', async () => {
    const r = await cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command');
    expect(r.stderr).toMatch(/^examctl: /);
  });
});

describe('colour', () => {
  const tty = () => Object.assign(new PassThrough(), { isTTY: true });
  const capture = (s: PassThrough) => {
    let text = '';
    s.on('data', (c) => (text += c));
    return () => text;
  };

  it('is used on a terminal, and not under NO_COLOR, --no-color or off a terminal', async () => {
    for (const [env, color, isTty, expectColour] of [
      [{}, true, true, true],
      [{ NO_COLOR: '1' }, true, true, false],
      [{}, false, true, false],
      [{}, true, false, false],
    ] as const) {
      const stdout = isTty ? tty() : new PassThrough();
      const stderr = isTty ? tty() : new PassThrough();
      const read = capture(stderr);
      const out = await createOutput({ stdout, stderr }, { json: false, color, env });
      out.error('boom');
      expect(read().includes('\u001b['), JSON.stringify({ env, color, isTty })).toBe(expectColour);
      expect(read()).toContain('boom');
    }
  });
});

describe('--version', () => {
  it('prints the version with no command group loaded (it needs none)', async () => {
    const { buildProgram } = await import('../../src/program.js');
    const { PassThrough } = await import('node:stream');
    const streams = { stdout: new PassThrough(), stderr: new PassThrough() };
    const program = await buildProgram({ streams, env: {} }, ['--version']);
    expect(program.commands).toHaveLength(0);
    const all = await buildProgram({ streams, env: {} }, ['--help']);
    expect(all.commands.length).toBeGreaterThan(10);
  });
});

describe('root help without loading the groups', () => {
  it('lists every group exactly as the groups themselves would', async () => {
    const { buildProgram } = await import('../../src/program.js');
    const deps = { streams: { stdout: process.stdout, stderr: process.stderr }, env: {} };
    const whole = await buildProgram(deps);
    const light = await buildProgram(deps, ['--help']);
    expect(light.helpInformation()).toBe(whole.helpInformation());
    // The light program holds the groups' lines only: no verbs under them.
    expect(light.commands.every((c) => c.commands.length === 0)).toBe(true);
  });

  it('help <group> shows that group whole', async () => {
    const r = await cli(['help', 'grades']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: examctl grades/);
    expect(r.stdout).toContain('import [options] <test> <file>');
  });
});
