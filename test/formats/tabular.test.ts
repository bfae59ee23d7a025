import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/formats/tabular.js';
import { checkZip } from '../../src/formats/zip-guard.js';
import { ValidationError } from '../../src/errors.js';
import { cli, FIXTURES, writeTemp } from '../helpers.js';
import { gradesOf, seed } from '../grades/setup.js';

const fx = (name: string) => path.join(FIXTURES, 'grades', name);

/** A minimal zip writer (deflate), so tests can build workbooks that lie about themselves. */
function zip(entries: { name: string; data: Buffer; declaredSize?: number; flags?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const comp = zlib.deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? e.data.length;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(e.flags ?? 0, 6);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(0, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(e.flags ?? 0, 8);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, comp);
    centrals.push(ch, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** A zip of one entry whose deflated bytes are given as they are (to build bombs by hand). */
function zipDeflated(name: string, deflated: Buffer, declaredSize: number): Buffer {
  const built = zip([{ name, data: Buffer.alloc(0), declaredSize }]);
  // Swap the empty entry's data for ours and fix the sizes and offsets that follow.
  const n = Buffer.from(name);
  const emptyLen = zlib.deflateRawSync(Buffer.alloc(0)).length;
  const local = Buffer.from(built.subarray(0, 30 + n.length));
  local.writeUInt32LE(deflated.length, 18);
  const rest = Buffer.from(built.subarray(30 + n.length + emptyLen));
  rest.writeUInt32LE(deflated.length, 20);
  const eocd = rest.length - 22;
  rest.writeUInt32LE(30 + n.length + deflated.length, eocd + 16);
  return Buffer.concat([local, deflated, rest]);
}

const sheetXml = (body: string) =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`);

/** A tiny but valid-looking xlsx whose sheet is `sheet`. */
function xlsx(sheet: Buffer, declaredSize?: number): Buffer {
  return zip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>') },
    { name: '_rels/.rels', data: Buffer.from('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>') },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>') },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize },
  ]);
}

async function refusal(file: string, opts = {}): Promise<string> {
  try {
    await readTable(file, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('readTable on untrusted files', () => {
  it('reads the hand-built workbook (so the refusals below are about what they change)', async () => {
    const f = writeTemp('ok.xlsx', xlsx(sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>')));
    expect((await readTable(f)).rows).toEqual([['x']]);
  });

  it('refuses a zip bomb whose sheet inflates past the limit, though its directory declares a small size', async () => {
    // 50 MB of one repeated cell compresses to about 50 kB; the directory claims 1,000 bytes.
    const row = '<row><c t="inlineStr"><is><t>A</t></is></c></row>';
    const big = sheetXml(row.repeat(Math.ceil((50 * 1024 * 1024) / row.length)));
    const bytes = xlsx(big, 1000);
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const f = writeTemp('bomb.xlsx', bytes);
    const rss = process.memoryUsage().rss;
    expect(await refusal(f, { limits: { maxUnzippedBytes: 10 * 1024 * 1024 } })).toMatch(/zip bomb/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(40 * 1024 * 1024);
    // With the limit above its real size, the lie about the size is still caught.
    expect(await refusal(f, { limits: { maxUnzippedBytes: 100 * 1024 * 1024 } })).toMatch(/not the 1000 its directory declares/);
  });

  it('refuses, with the default limits, a 2 MB xlsx whose sheet inflates to 2 GiB while declaring 1000 bytes', async () => {
    // One 1 MiB run of the same byte, deflated without finishing the stream, repeated: each copy
    // inflates to 1 MiB again. 2048 copies and a final empty block make a 2 GiB sheet.
    const chunk = zlib.deflateRawSync(Buffer.alloc(1 << 20, 0x41), { flush: zlib.constants.Z_FULL_FLUSH, finishFlush: zlib.constants.Z_FULL_FLUSH });
    const end = zlib.deflateRawSync(Buffer.alloc(0));
    const deflated = Buffer.concat([...Array.from({ length: 2048 }, () => chunk), end]);
    expect(zlib.inflateRawSync(deflated.subarray(0, chunk.length * 2), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).length).toBe(2 << 20);
    const bytes = zipDeflated('xl/worksheets/sheet1.xml', deflated, 1000);
    expect(bytes.length).toBeLessThan(8 * 1024 * 1024);
    const f = writeTemp('gigabomb.xlsx', bytes);
    const rss = process.memoryUsage().rss;
    expect(await refusal(f)).toMatch(/more than 524288000 bytes \(a zip bomb\?\)/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses a zip whose declared sizes add up past the limit before inflating anything', async () => {
    const f = writeTemp('declared.xlsx', xlsx(sheetXml(''), 0xfffffff0));
    expect(await refusal(f)).toMatch(/zip bomb/);
  });

  it('refuses a zip with too many entries', async () => {
    const bytes = zip(Array.from({ length: 10_001 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') })));
    await expect(checkZip(bytes, 'many.xlsx', 1e9)).rejects.toThrow(/10001 entries/);
  });

  it('refuses truncated, corrupt, encrypted and non-spreadsheet files with a clear message (exit 2), never a stack', async () => {
    const good = fs.readFileSync(fx('libreoffice.xlsx'));
    const truncated = writeTemp('truncated.xlsx', good.subarray(0, Math.floor(good.length / 2)));
    expect(await refusal(truncated)).toMatch(/truncated or corrupt/);
    const corrupt = Buffer.from(good);
    for (let i = 200; i < 1200; i++) corrupt[i] = (corrupt[i]! * 7 + 13) & 0xff;
    expect(await refusal(writeTemp('corrupt.xlsx', corrupt))).toMatch(/truncated or corrupt|cannot read/);
    expect(await refusal(fx('encrypted.xlsx'))).toMatch(/password-protected/);
    const zipPw = writeTemp('zippw.xlsx', zip([{ name: 'xl/workbook.xml', data: Buffer.from('x'), flags: 1 }]));
    expect(await refusal(zipPw)).toMatch(/password-protected/);
    expect(await refusal(fx('not-a-spreadsheet.xlsx'))).toMatch(/not a spreadsheet/);
    expect(await refusal(writeTemp('plain.zip.xlsx', zip([{ name: 'readme.txt', data: Buffer.from('hi') }])))).toMatch(/not a spreadsheet/);
    expect(await refusal(writeTemp('binary.csv', Buffer.from([1, 2, 0, 0, 5, 255, 0])))).toMatch(/binary/);
    expect(await refusal(writeTemp('empty.csv', Buffer.alloc(0)))).toMatch(/empty/);

    const db = seed({ candidates: ['101'] });
    for (const f of [truncated, fx('encrypted.xlsx'), fx('not-a-spreadsheet.xlsx')]) {
      const r = await cli(['--json', 'grades', 'import', 'T1', f], { db, as: 'admin' });
      expect(r.code, f).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(JSON.parse(r.stdout)).toMatchObject({ batch: null, dryRun: false, errors: [expect.objectContaining({ row: null })] });
    }
    expect(gradesOf(db)).toEqual({});
  });

  it('applies the row and byte limits, overridable by flags', async () => {
    const db = seed({ candidates: ['1', '2', '3'] });
    const f = writeTemp('rows.csv', 'candidate number,grade\n1,A\n2,B\n3,C\n');
    const rows = await cli(['grades', 'import', 'T1', f, '--max-rows', '1'], { db, as: 'admin' });
    expect(rows.code).toBe(2);
    expect(rows.stderr).toContain('--max-rows');
    const bytes = await cli(['grades', 'import', 'T1', f, '--max-bytes', '10'], { db, as: 'admin' });
    expect(bytes.code).toBe(2);
    expect(bytes.stderr).toContain('--max-bytes');
    const unz = await cli(['grades', 'import', 'T1', fx('libreoffice.xlsx'), '--max-unzipped-bytes', '1000'], { db, as: 'admin' });
    expect(unz.code).toBe(2);
    expect(unz.stderr).toContain('--max-unzipped-bytes');
    expect((await cli(['grades', 'import', 'T1', f, '--max-rows', '100'], { db, as: 'admin' })).code).toBe(0);
  });

  it('detects , ; and tab, and honours --delimiter', async () => {
    for (const [d, name] of [[',', 'c.csv'], [';', 's.csv'], ['\t', 't.tsv']] as const) {
      const t = await readTable(writeTemp(name, `a${d}b\n1${d}"x${d === ',' ? ';' : ','}y"\n`));
      expect(t.rows[1]).toEqual(['1', `x${d === ',' ? ';' : ','}y`]);
    }
    const forced = await readTable(writeTemp('f.csv', 'a;b,c\n1;2,3\n'), { delimiter: ',' });
    expect(forced.rows[0]).toEqual(['a;b', 'c']);
  });
});

describe('readTable text encodings', () => {
  it('reads UTF-16LE without a byte-order mark when --encoding names it, and latin1 as Windows-1252', async () => {
    const f = writeTemp('u16.txt', Buffer.from('Candidate number\tGrade\r\n101\tA\r\n', 'utf16le'));
    expect((await readTable(f, { encoding: 'utf-16le' })).rows).toEqual([['Candidate number', 'Grade'], ['101', 'A']]);
    const w = writeTemp('w.csv', Buffer.from([0x61, 0x3b, 0x80, 0x96, 0xe6, 0xf8, 0xe5, 0x0a]));
    expect((await readTable(w, { encoding: 'latin1' })).rows).toEqual([['a', '€–æøå']]);
    await expect(readTable(w, { encoding: 'klingon' })).rejects.toThrow(/unknown encoding/);
  });
});

describe('readTable on a CSV made to exhaust memory', () => {
  it('refuses a line of millions of fields before parsing it', async () => {
    const f = writeTemp('wide.csv', 'candidate number,grade\n' + 'a,'.repeat(3_000_000) + '\n');
    const rss = process.memoryUsage().rss;
    await expect(readTable(f)).rejects.toThrow(/line 2 is longer than/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
  });
});

describe('readTable on CSVs with Mac line ends (a lone CR, as Excel for Mac\'s "CSV (Macintosh)" writes)', () => {
  it('reads a file of more than a million characters: its lines are short, not one long line', async () => {
    const numbers = Array.from({ length: 120_000 }, (_, i) => String(200_000 + i));
    const f = writeTemp('mac.csv', ['Kandidatnummer;Karakter', ...numbers.map((n) => `${n};A`)].join('\r') + '\r');
    expect(fs.statSync(f).size).toBeGreaterThan(1 << 20);
    const t = await readTable(f);
    expect(t.rows.length).toBe(120_001);
    expect(t.rows[120_000]).toEqual(['319999', 'A']);
  });

  it('still refuses one long line ended by a CR', async () => {
    const f = writeTemp('wide-mac.csv', 'candidate number,grade\r' + 'a,'.repeat(600_000) + '\r');
    await expect(readTable(f)).rejects.toThrow(/line 2 is longer than/);
  });
});

describe('readTable on hand-written CSVs', () => {
  it('reads a quote inside an unquoted field as text, as Excel and LibreOffice do; a quoted field still ends at its quote', async () => {
    const f = writeTemp('quotes.csv', 'Kandidatnummer;Karakter;Kommentar\n101;A;he said "good"\n102;B;5" screen\n103;C;"a; b"\n');
    expect((await readTable(f)).rows).toEqual([
      ['Kandidatnummer', 'Karakter', 'Kommentar'],
      ['101', 'A', 'he said "good"'],
      ['102', 'B', '5" screen'],
      ['103', 'C', 'a; b'],
    ]);
  });
});

describe('Excel\'s "sep=" line', () => {
  it('names the delimiter and is not counted as a row, as Excel hides it', async () => {
    const file = writeTemp('sep.csv', 'sep=;\r\ncandidate number;grade,comment\r\n101;B,fine\r\n');
    const t = await readTable(file);
    expect(t.rows[0]).toEqual(['candidate number', 'grade,comment']);
    expect(t.rows[1]).toEqual(['101', 'B,fine']);
    expect(t.rowOffset).toBe(0);
  });

  it('errors name the row Excel shows', async () => {
    const db = seed({ code: 'T1', scale: 'letter', candidates: ['101', '102'] });
    const file = writeTemp('sep-bad.csv', 'sep=;\r\nkandidatnummer;karakter\r\n101;B\r\n102;b\r\n');
    const r = await cli(['--json', 'grades', 'import', 'T1', file], { db, as: 'admin' });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors).toMatchObject([{ row: 3, value: 'b' }]);
  });
});

describe('UTF-16 without a byte-order mark', () => {
  it('is refused with a hint to name the encoding, and read when it is named', async () => {
    const file = writeTemp('u16.csv', Buffer.from('candidate number\tgrade\r\n101\tB\r\n', 'utf16le'));
    await expect(readTable(file)).rejects.toThrow(/--encoding utf-16le/);
    const t = await readTable(file, { encoding: 'utf-16le' });
    expect(t.rows[1]).toEqual(['101', 'B']);
  });
});
