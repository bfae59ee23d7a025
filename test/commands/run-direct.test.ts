import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createContext, type Context } from '../../src/context.js';
import { runList } from '../../src/commands/users/list.js';
import { runShow } from '../../src/commands/users/show.js';
import { runAdd } from '../../src/commands/users/add.js';
import { createOutput } from '../../src/ui/output.js';
import { scriptedPrompter } from '../../src/ui/prompter.js';
import { isResult, printResult, type Result } from '../../src/ui/result.js';
import { NotPermittedError } from '../../src/errors.js';
import { ON_PG } from '../engine.js';
import { freshDbPath, dbAs } from '../helpers.js';

/** A Context over a real database whose Output writes into strings. */
async function captured(dbPath: string, actor: string, json = false) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (d) => (text.out += d));
  stderr.on('data', (d) => (text.err += d));
  const out = await createOutput({ stdout, stderr }, { json, color: false, env: {} });
  const ctx: Context = createContext({ dbPath: dbAs(dbPath, actor), actor, out, prompter: scriptedPrompter([]), now: () => new Date('2026-05-01T10:00:00Z') });
  return { ctx, text };
}

describe('verbs called directly return their result and print nothing themselves', () => {
  it('users add and users show: the data comes back; stdout stays empty until the printer runs', async () => {
    const db = freshDbPath();
    const { ctx, text } = await captured(db, 'admin');
    const added = runAdd(ctx, { username: 'kari', name: 'Kari Nordmann', kind: 'employee' }) as Result;
    expect(isResult(added)).toBe(true);
    expect((added.json as { username: string }).username).toBe('kari');
    const shown = runShow(ctx, { username: 'kari' });
    expect(shown.json).toMatchObject({ username: 'kari', name: 'Kari Nordmann', kind: 'employee', active: true });
    expect(text).toEqual({ out: '', err: '' });
    await printResult(ctx.out, shown);
    expect(text.out).toContain('name:               Kari Nordmann');
    ctx.close();
  });

  it('users list --json: the verb prints nothing itself; the printer writes its document, and only that', async () => {
    const db = freshDbPath();
    const { ctx, text } = await captured(db, 'admin', true);
    const r = runList(ctx, {});
    expect(text.out).toBe('');
    // The users are read as the printer writes them: nothing before, the whole document after.
    await printResult(ctx.out, r);
    expect((JSON.parse(text.out) as { username: string }[]).map((u) => u.username)).toEqual(['admin']);
    ctx.close();
  });

  it('the acting user is resolved once, by the Context: an unknown one is refused before the verb runs', async () => {
    const db = freshDbPath();
    const { ctx, text } = await captured(db, 'ghost');
    expect(() => runList(ctx, {})).toThrow(NotPermittedError);
    expect(() => ctx.actor).toThrow(ON_PG ? /the login "ghost" is not a user of this database/ : /acting user "ghost" is not a user of this database/);
    expect(text.out).toBe('');
    ctx.close();
  });
});
