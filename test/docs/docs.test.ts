import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/program.js';
import { ROOT } from '../helpers.js';

/**
 * The documentation a newcomer reads: a short README and docs/ by noun. These tests keep it short,
 * complete where the code can say what complete is (every verb, every event kind), and free of
 * words about how it was written rather than what the product does.
 */

const README = path.join(ROOT, 'README.md');
const DOCS = path.join(ROOT, 'docs');
const DOC_FILES = ['commands.md', 'permissions.md', 'json.md', 'grading.md', 'files.md', 'development.md', 'postgresql.md'];

const read = (file: string) => fs.readFileSync(file, 'utf8');
const docFiles = () => [README, ...fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')).map((f) => path.join(DOCS, f))];
const rel = (file: string) => path.relative(ROOT, file);

/**
 * Words about how the product was written, not what it does: numbered work items, the source
 * documents, the contract's section signs. Spelt with character classes so that this file does not
 * match itself when the same check is run over the code.
 */
const HISTORY_WORDS = /\(iss[u]e \d+\)|\biss[u]e \d+|the se[e]ds|SPEC \u00a7|\bthe sp[e]c\b|\b(iss[u]es?|sess[i]ons?|se[e]ds?|tick[e]ts?)\b/i;

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Markdown links outside code: [text](target). */
function linksOf(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
}

describe('README and docs/', () => {
  it('the README stays under 12 KB', () => {
    expect(fs.statSync(README).size).toBeLessThan(12_000);
  });

  it.each(DOC_FILES)('docs/%s exists and says something', (f) => {
    const file = path.join(DOCS, f);
    expect(fs.existsSync(file), `${f} is missing`).toBe(true);
    expect(read(file).trim().length).toBeGreaterThan(500);
  });

  it('speak of the product, not of how it was written', () => {
    const found: string[] = [];
    for (const file of docFiles()) {
      read(file)
        .split('\n')
        .forEach((line, i) => {
          if (HISTORY_WORDS.test(line)) {
            found.push(`${rel(file)}:${i + 1}: ${line.trim()}`);
          }
        });
    }
    expect(found).toEqual([]);
  });

  it('every relative link points at an existing file, and at an existing heading', () => {
    const broken: string[] = [];
    for (const file of docFiles()) {
      for (const link of linksOf(read(file))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto: …
        const [target, anchor] = link.split('#') as [string, string | undefined];
        const resolved = target === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(target));
        if (!fs.existsSync(resolved)) {
          broken.push(`${rel(file)}: ${link} (no file ${rel(resolved)})`);
          continue;
        }
        if (anchor && resolved.endsWith('.md') && !anchorsOf(read(resolved)).has(anchor)) {
          broken.push(`${rel(file)}: ${link} (no heading #${anchor} in ${rel(resolved)})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('the README links into every file of docs/', () => {
    const links = new Set(linksOf(read(README)).map((l) => l.split('#')[0]));
    for (const f of DOC_FILES) expect(links, `README links to docs/${f}`).toContain(`docs/${f}`);
  });
});

describe('docs/json.md lists every event kind', () => {
  /** Event kinds in the domain code: quoted dotted names of the nouns, and the two plain ones. */
  function kindsInCode(): string[] {
    const dir = path.join(ROOT, 'src');
    const kinds = new Set(['init', 'demo']);
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && (f.startsWith('domain') || f.startsWith('db')));
    for (const f of files) {
      for (const m of read(path.join(dir, f)).matchAll(/'((?:users|roles|tests|candidates|committees|groups|locations|grades|db|explanations|appeals)\.[a-z][a-z.-]*)'/g)) {
        if (!/\.(csv|xlsx|xls|ods|txt|json|db)$/.test(m[1]!)) kinds.add(m[1]!);
      }
    }
    return [...kinds].sort();
  }

  it('each kind the code records has a row in the events table', () => {
    const json = read(path.join(DOCS, 'json.md'));
    const table = json.slice(json.indexOf('## Events'));
    const kinds = kindsInCode();
    expect(kinds.length).toBeGreaterThan(30);
    expect(kinds.filter((k) => !table.includes(`\`${k}\``))).toEqual([]);
  });
});

describe('docs/commands.md shows every verb', () => {
  /** Every command path the program registers, such as "tests contributors add". */
  function verbPaths(cmd: Command, prefix: string[] = []): string[][] {
    return cmd.commands
      .filter((c) => c.name() !== 'help')
      .flatMap((c) => {
        const here = [...prefix, c.name()];
        return c.commands.length ? verbPaths(c, here) : [here];
      });
  }

  it('each command appears as "examctl <group> <verb>" in a synopsis', async () => {
    const sink = new PassThrough();
    const program = await buildProgram({ streams: { stdout: sink, stderr: sink }, env: {} });
    const paths = verbPaths(program);
    expect(paths.length).toBeGreaterThan(50);
    const commands = read(path.join(DOCS, 'commands.md'));
    const shown = (p: string[]) => {
      const head = p.slice(0, -1).join(' ');
      const verb = p[p.length - 1]!;
      // `tests contributors add|remove` shows both verbs.
      const alt = `(?:[\\w-]+\\|)*${verb}(?:\\|[\\w-]+)*`;
      return new RegExp(`examctl ${head ? head + ' ' : ''}${alt}(?=[\\s\`]|$)`, 'm').test(commands);
    };
    expect(paths.filter((p) => !shown(p)).map((p) => p.join(' '))).toEqual([]);
  });
});
