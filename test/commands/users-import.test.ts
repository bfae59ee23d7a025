import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, freshDbPath, openDb, writeTemp } from '../helpers.js';

const F = (name: string) => path.join(FIXTURES, 'users', name);
const as = 'admin';

function userRows(db: string) {
  const d = openDb(db);
  const rows = d.prepare('SELECT username, name, email, kind, logins, has_nin, feide_activated FROM users ORDER BY username').all();
  d.close();
  return rows;
}

describe('users import', () => {
  it('reads a semicolon CSV with a byte-order mark, CRLF and Norwegian headers, letters intact', async () => {
    const db = freshDbPath();
    const r = await cli(['--json', 'users', 'import', F('users-semicolon-bom-crlf.csv')], { db, as });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ mode: 'add', dryRun: false, counts: { added: 4, updated: 0, unchanged: 0, errors: 0 }, errors: [] });
    expect(doc.added).toEqual(['bjornaa', 'sisselo', 'aerilm', 'hakonj']);
    expect(userRows(db)).toContainEqual({
      username: 'bjornaa', name: 'Bjørn Åsen', email: 'bjorn.aasen@ntnu.no', kind: 'employee', logins: 'feide', has_nin: 0, feide_activated: 1,
    });
    expect(userRows(db)).toContainEqual({
      username: 'aerilm', name: 'Æril Mørk', email: 'aeril@uib.no', kind: 'external', logins: 'idporten', has_nin: 1, feide_activated: 0,
    });
  });

  it('reads an .xlsx written by openpyxl, with a title line above the header', async () => {
    const db = freshDbPath();
    const r = await cli(['--json', 'users', 'import', F('users-openpyxl.xlsx')], { db, as });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).added).toEqual(['ingridb', 'perl', 'tor123']);
    expect(userRows(db)).toContainEqual(expect.objectContaining({ username: 'perl', name: 'Per Løvås', logins: 'idporten,feide', has_nin: 1 }));
  });

  it('reads the .xlsx and .ods LibreOffice wrote; the second import of the same people changes nothing', async () => {
    const db = freshDbPath();
    const a = await cli(['--json', 'users', 'import', F('users-libreoffice.xlsx')], { db, as });
    expect(JSON.parse(a.stdout).counts.added).toBe(4);
    const b = await cli(['--json', 'users', 'import', '--mode', 'upsert', F('users-libreoffice.ods')], { db, as });
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout).counts).toEqual({ added: 0, updated: 0, unchanged: 4, errors: 0 });
    expect(userRows(db)).toContainEqual(expect.objectContaining({ username: 'hakonj', name: 'Håkon Jæger' }));
  });

  it('reads tab-separated files with English headers in any order', async () => {
    const db = freshDbPath();
    const r = await cli(['--json', 'users', 'import', F('users-tab.csv')], { db, as });
    expect(JSON.parse(r.stdout).added).toEqual(['tovet', 'aset']);
    expect(userRows(db)).toContainEqual(expect.objectContaining({ username: 'aset', name: 'Åse Tab', kind: 'external' }));
  });

  it('reports every bad row with file, row, column, value and what was expected, and writes nothing', async () => {
    const db = freshDbPath();
    const r = await cli(['users', 'import', F('users-bad-rows.csv')], { db, as });
    expect(r.code).toBe(2);
    const expected = [
      'row 3, column A (username): found "": a username is needed',
      'row 4, column D (kind): found "professor": expected employee, external or student',
      'row 5, column E (login): found "idporten": ID-porten needs a Norwegian national identity number',
      'row 6, column F (has NIN): found "(a number, not shown)": write yes or no',
      'row 7, column A (username): found "good1": username listed twice in the file (first on row 2)',
      'row 8, column C (email): found "not-an-email": expected an email address',
      'row 8, column E (login): found "fax": unknown login method',
      'row 8, column G (feide activated): found "maybe": expected yes or no',
      'row 9, column B (name): found "": a full name is needed',
    ];
    for (const e of expected) expect(r.stderr).toContain(`users-bad-rows.csv, ${e}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(userRows(db)).toHaveLength(1);
    const d = openDb(db);
    expect(d.prepare("SELECT count(*) AS n FROM events WHERE kind LIKE 'users.%'").get()).toEqual({ n: 0 });
  });

  it('prints the errors in the JSON document too, under --json', async () => {
    const db = freshDbPath();
    const r = await cli(['--json', 'users', 'import', '--dry-run', F('users-bad-rows.csv')], { db, as });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.dryRun).toBe(true);
    expect(doc.counts.errors).toBe(doc.errors.length);
    expect(doc.errors[0]).toMatchObject({ file: F('users-bad-rows.csv'), sheet: null, row: 3, column: 'A (username)', value: '' });
  });

  it('in add mode refuses a username already in the database; update and upsert change users, logging old → new', async () => {
    const db = freshDbPath();
    await cli(['users', 'add', 'kari', '--name', 'Kari', '--email', 'kari@ntnu.no'], { db, as });
    const file = writeTemp('u.csv', 'username,name,email\nkari,Kari Nordmann,\nnew1,New One,new1@ntnu.no\n');
    const add = await cli(['users', 'import', file], { db, as });
    expect(add.code).toBe(2);
    expect(add.stderr).toContain('row 2, column A (username): found "kari": a user with this username already exists');
    const upd = await cli(['users', 'import', '--mode', 'update', file], { db, as });
    expect(upd.code).toBe(2);
    expect(upd.stderr).toContain('row 3, column A (username): found "new1": no user with this username');
    const dry = await cli(['users', 'import', '--mode', 'upsert', '--dry-run', file], { db, as });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('add      new1');
    expect(dry.stdout).toContain('update   kari: name "Kari" → "Kari Nordmann"');
    expect(userRows(db)).toHaveLength(2);
    const up = await cli(['--json', 'users', 'import', '--mode', 'upsert', file], { db, as });
    expect(up.code).toBe(0);
    // An empty email cell keeps the address.
    expect(userRows(db)).toContainEqual(expect.objectContaining({ username: 'kari', name: 'Kari Nordmann', email: 'kari@ntnu.no' }));
    const log = JSON.parse((await cli(['--json', 'log', '--kind', 'users.import'], { db, as })).stdout);
    expect(log.map((e: { subject: string }) => e.subject)).toEqual(['kari', 'new1', file]);
    expect(log[0]).toMatchObject({ old: { name: 'Kari' }, new: { name: 'Kari Nordmann' } });
  });

  it('refuses a missing file (4), a text file renamed .xlsx (2, no stack trace), an unknown mode (2)', async () => {
    const db = freshDbPath();
    const missing = await cli(['users', 'import', F('no-such.csv')], { db, as });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('no such file');
    const renamed = await cli(['users', 'import', F('not-a-spreadsheet.xlsx')], { db, as });
    expect(renamed.code).toBe(2);
    expect(renamed.stderr).toContain('not a spreadsheet');
    expect(renamed.stderr).not.toMatch(/\n\s+at /);
    expect((await cli(['users', 'import', '--mode', 'merge', F('users-tab.csv')], { db, as })).code).toBe(2);
  });

  it('never echoes a national identity number typed into the yes/no column', async () => {
    const db = freshDbPath();
    const file = writeTemp('nin.csv', 'username;name;nin\nkari;Kari Nordmann;01017012345\n');
    const r = await cli(['--json', 'users', 'import', file], { db, as });
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toContain('01017012345');
    expect(JSON.parse(r.stdout).errors[0]).toMatchObject({ row: 2, value: '(a number, not shown)' });
  });

  it('names the expected headers when none are found', async () => {
    const db = freshDbPath();
    const file = writeTemp('x.csv', 'who,what\nkari,Kari\n');
    const r = await cli(['users', 'import', file], { db, as });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"username"');
    expect(r.stderr).toContain('brukernavn');
  });

  it('is refused to a non-administrator (3) before the file is read', async () => {
    const db = freshDbPath();
    await cli(['users', 'add', 'kari', '--name', 'Kari'], { db, as });
    const r = await cli(['users', 'import', F('no-such.csv')], { db, as: 'kari' });
    expect(r.code).toBe(3);
  });
  it('reads a Windows-1252 CSV when asked, and UTF-16 with a byte-order mark (Excel\'s "Unicode text")', async () => {
    const db = freshDbPath();
    const cp1252 = writeTemp('cp.csv', Buffer.from('brukernavn;navn\r\nbjorn;Bj\xf8rn \xc5sen\r\n', 'latin1'));
    const plain = await cli(['users', 'import', cp1252], { db, as });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('--encoding windows-1252');
    expect((await cli(['users', 'import', '--encoding', 'windows-1252', cp1252], { db, as })).code).toBe(0);
    const utf16 = writeTemp('u16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('username\tname\r\nase\tÅse Ørn\r\n', 'utf16le')]));
    expect((await cli(['users', 'import', utf16], { db, as })).code).toBe(0);
    expect(userRows(db)).toContainEqual(expect.objectContaining({ username: 'bjorn', name: 'Bjørn Åsen' }));
    expect(userRows(db)).toContainEqual(expect.objectContaining({ username: 'ase', name: 'Åse Ørn' }));
  });
});
