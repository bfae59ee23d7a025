import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/program.js';
import { completionTable } from '../../src/commands/completion/table.js';
import { cli, tmpDir, writeTemp } from '../helpers.js';

/** Sources the bash script in a clean bash and asks it to complete `words` (the last is being typed). */
function bashComplete(script: string, words: string[]): string[] {
  const file = writeTemp('examctl.bash', script);
  const r = spawnSync(
    'bash',
    ['--norc', '--noprofile', '-c', 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _examctl; printf "%s\\n" "${COMPREPLY[@]}"', '_', file, ...words],
    { encoding: 'utf8', cwd: tmpDir() },
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter(Boolean);
}

async function script(shell: string): Promise<string> {
  const r = await cli(['completion', shell]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('completion bash', () => {
  it('completes groups, verbs, options and fixed values in a plain bash (no bash-completion package)', async () => {
    const s = await script('bash');
    expect(bashComplete(s, ['examctl', 'gra'])).toEqual(['grades']);
    expect(bashComplete(s, ['examctl', 'grades', 'im'])).toEqual(['import', 'imports']);
    expect(bashComplete(s, ['examctl', '--db', 'x.db', '--as', 'kari', 'users', 'ad'])).toEqual(['add']);
    expect(bashComplete(s, ['examctl', 'exams', 'contributors', ''])).toEqual(['add', 'remove', 'list']);
    expect(bashComplete(s, ['examctl', 'users', 'add', '--no-n'])).toEqual(['--no-nin']);
    expect(bashComplete(s, ['examctl', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
  });

  it('offers file names for a value that is a path', async () => {
    const s = await script('bash');
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'grades-2026.xlsx'), '');
    expect(bashComplete(s, ['examctl', '--db', path.join(dir, 'grades-')])).toEqual([path.join(dir, 'grades-2026.xlsx')]);
  });

  it('follows the command tree: every group and verb the program has is in the script', async () => {
    const t = completionTable(await buildProgram({ streams: { stdout: process.stdout, stderr: process.stderr }, env: {} }));
    const program = await buildProgram({ streams: { stdout: process.stdout, stderr: process.stderr }, env: {} });
    expect(t.subs.get('examctl')).toEqual(expect.arrayContaining(program.commands.map((c) => c.name())));
    for (const g of program.commands) {
      if (g.commands.length) expect(t.subs.get(`examctl ${g.name()}`)).toEqual(expect.arrayContaining(g.commands.map((c) => c.name())));
    }
  });
});

describe('completion needs no database and no acting user', () => {
  it('prints the script with the database in a folder that does not exist and no user known', async () => {
    const missing = path.join(tmpDir(), 'nowhere', 'exam.db');
    const r = await cli(['completion', 'bash'], { env: { EXAMCTL_DB: missing, EXAMCTL_USER: 'nobody-here' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('complete -F _examctl examctl');
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });

  it('refuses a shell it does not know as bad usage', async () => {
    const r = await cli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bash, zsh, fish/);
    expect(r.stdout).toBe('');
  });
});

describe('completion zsh and fish', () => {
  it('zsh: a #compdef function over the same tables, registered with compdef', async () => {
    const s = await script('zsh');
    expect(s.startsWith('#compdef examctl\n')).toBe(true);
    expect(s).toContain("'examctl grades') printf '%s' 'set clear list");
    expect(s).toContain('compdef _examctl examctl');
    expect(s).toContain('compadd -- ${=list}');
  });

  it('fish: one complete line calling a function over the same tables', async () => {
    const s = await script('fish');
    expect(s).toContain("complete -c examctl -f -a '(__examctl_complete)'");
    expect(s).toMatch(/case 'examctl grades'\n\s+printf '%s\\n' 'set' 'clear' 'list'/);
    expect(s).toContain("case 'examctl completion|'\n            printf '%s\\n' 'bash' 'zsh' 'fish'");
  });
});
