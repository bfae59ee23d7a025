import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/run.js';
import { createOutput } from '../../src/ui/output.js';
import { displayWidth } from '../../src/ui/width.js';
import { cli, freshDbPath, dbAs } from '../helpers.js';

/** An Output on captured streams; `tty` makes stdout (and stderr) look like a terminal. */
async function captured(tty: boolean, env: NodeJS.ProcessEnv = {}, color = true) {
  const stdout = Object.assign(new PassThrough(), { isTTY: tty });
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  let text = '';
  stdout.on('data', (c) => (text += c));
  const out = await createOutput({ stdout, stderr }, { json: false, color, env });
  return { out, text: () => text };
}

const B = '\u001b[1m';
const b = '\u001b[22m';
const R = '\u001b[31m';
const r = '\u001b[39m';

// Borderless: one space either side of each cell, two between columns, every line as wide as the table.
const plainSmall = [
  ' user     name             roles           ',
  ' ada      Ada Admin        planner, grader ',
  ' bjørn    Bjørn Ødegård    (none)          ',
  ' zoë      Zoë Æsir                         ',
].map((l) => l + '\n');

describe('tables', () => {
  const head = ['user', 'name', 'roles'];
  const rows = [
    ['ada', 'Ada Admin', 'planner, grader'],
    ['bjørn', 'Bjørn Ødegård', '(none)'],
    ['zoë', 'Zoë Æsir', null],
  ];

  it('off a terminal: aligned columns, no colour codes', async () => {
    const { out, text } = await captured(false);
    out.table(head, rows);
    expect(text()).toBe(plainSmall.join(''));
  });

  it('on a terminal: the same layout with bold headers', async () => {
    const { out, text } = await captured(true);
    out.table(head, rows);
    const expected = [
      ` ${B}user${b}     ${B}name${b}             ${B}roles${b}           `,
      ' ada      Ada Admin        planner, grader ',
      ' bjørn    Bjørn Ødegård    (none)          ',
      ' zoë      Zoë Æsir                         ',
    ];
    expect(text()).toBe(expected.map((l) => l + '\n').join(''));
  });

  it('on a terminal under NO_COLOR or --no-color: no colour codes', async () => {
    for (const o of [await captured(true, { NO_COLOR: '1' }), await captured(true, {}, false)]) {
      o.out.table(head, rows);
      expect(o.text()).toBe(plainSmall.join(''));
    }
  });

  it('measures coloured cells by what shows, and wide characters as two columns', async () => {
    const { out, text } = await captured(true);
    out.table(['n', 'flag', 'name'], [
      [1, `${R}CONFLICT${r}`, '张伟'],
      [22, '', 'Li'],
    ]);
    expect(text()).toBe(
      [
        ` ${B}n${b}     ${B}flag${b}        ${B}name${b} `,
        ` 1     ${R}CONFLICT${r}    张伟 `,
        ' 22                Li   ',
      ]
        .map((l) => l + '\n')
        .join(''),
    );
  });

  it('a cell of several lines makes its row that many lines high', async () => {
    const { out, text } = await captured(false);
    out.table(['module', 'why not'], [
      ['Grade', 'missing role\nnot a contributor'],
      ['Reports', ''],
    ]);
    expect(text()).toBe(
      [
        ' module     why not           ',
        ' Grade      missing role      ',
        '            not a contributor ',
        ' Reports                      ',
      ]
        .map((l) => l + '\n')
        .join(''),
    );
  });
});

describe('tables from a command', () => {
  it('roles list prints the same text piped as a terminal shows without colour', async () => {
    const db = freshDbPath();
    const piped = await cli(['roles', 'list'], { db, as: 'admin' });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(
      [' username    roles                          extended ', ' admin       planner, user-administrator    yes      ', 'Extended access: 1 active user (admin)']
        .map((l) => l + '\n')
        .join(''),
    );
    const stdout = Object.assign(new PassThrough(), { isTTY: true });
    const stderr = new PassThrough();
    let text = '';
    stdout.on('data', (c) => (text += c));
    const code = await run(['--db', dbAs(db, 'admin'), '--as', 'admin', 'roles', 'list'], { streams: { stdout, stderr }, env: { HOME: '/nonexistent' }, interactive: false });
    expect(code).toBe(0);
    expect(text).toBe(
      [
        ` ${B}username${b}    ${B}roles${b}                          ${B}extended${b} `,
        ' admin       planner, user-administrator    yes      ',
        'Extended access: 1 active user (admin)',
      ]
        .map((l) => l + '\n')
        .join(''),
    );
  });
});

describe('display width', () => {
  it('counts what a terminal shows: colour codes and combining marks take no column, wide characters and emoji two', () => {
    expect(displayWidth('Bjørn Ødegård')).toBe(13);
    expect(displayWidth('\u001b[1mbold\u001b[22m')).toBe(4);
    expect(displayWidth('Zoe\u0308')).toBe(3);
    expect(displayWidth('张伟')).toBe(4);
    expect(displayWidth('ok 👍🏽')).toBe(5);
    expect(displayWidth('')).toBe(0);
  });
});
