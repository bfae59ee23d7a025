import zlib from 'node:zlib';
import type { ZipEntry } from './zip-guard.js';

/** A sheet of a workbook as its user sees it: hidden or not, the one open when it was saved. */
export interface SheetView {
  name: string;
  hidden: boolean;
  active: boolean;
  /** Spreadsheet row numbers hidden by a filter or by hand (filled for .ods, where SheetJS reads none). */
  hiddenRows: number[];
}

/** One zip entry's text; the zip guard has inflated every entry under its budget already. */
function entryText(bytes: Buffer, entries: ZipEntry[], name: string): string | null {
  const e = entries.find((x) => x.name === name);
  if (!e) return null;
  const start = e.localHeaderOffset + 30 + bytes.readUInt16LE(e.localHeaderOffset + 26) + bytes.readUInt16LE(e.localHeaderOffset + 28);
  const data = bytes.subarray(start, start + e.compressedSize);
  try {
    return (e.method === 0 ? data : zlib.inflateRawSync(data)).toString('utf8');
  } catch {
    return null;
  }
}

const unescape = (s: string): string =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, n: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[n]!);

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescape(m[1]!) : undefined;
};

/**
 * What SheetJS does not read of an OpenDocument workbook: which sheets are hidden (their table style
 * says display="false"), which was active (settings.xml), and which rows are hidden (visibility
 * "collapse" by hand, "filter" by a filter).
 */
export function odsView(bytes: Buffer, entries: ZipEntry[]): SheetView[] {
  const content = entryText(bytes, entries, 'content.xml') ?? '';
  const settings = entryText(bytes, entries, 'settings.xml') ?? '';
  const hiddenStyles = new Set<string>();
  for (const m of content.matchAll(/<style:style[\s>][^>]*>[\s\S]*?<\/style:style>/g)) {
    const open = /^<style:style[^>]*>/.exec(m[0])![0];
    if (attr(open, 'style:family') === 'table' && /table:display="false"/.test(m[0])) hiddenStyles.add(attr(open, 'style:name') ?? '');
  }
  const active = /config:name="ActiveTable"[^>]*>([^<]*)</.exec(settings)?.[1];
  const views: SheetView[] = [];
  let current: SheetView | undefined;
  let row = 0;
  // Tags in document order: a table opens, its rows follow (repeated rows counted), it closes.
  for (const m of content.matchAll(/<table:table[\s>][^>]*>|<\/table:table>|<table:table-row[\s>][^>]*>/g)) {
    const tag = m[0];
    if (tag === '</table:table>') {
      current = undefined;
    } else if (tag.startsWith('<table:table-row')) {
      if (!current) continue;
      const repeat = Number(attr(tag, 'table:number-rows-repeated') ?? 1);
      const vis = attr(tag, 'table:visibility');
      if (vis === 'collapse' || vis === 'filter') for (let i = 1; i <= Math.min(repeat, 10_000); i++) current.hiddenRows.push(row + i);
      row += repeat;
    } else {
      const name = attr(tag, 'table:name') ?? '';
      current = { name, hidden: hiddenStyles.has(attr(tag, 'table:style-name') ?? ''), active: active !== undefined && unescape(active) === name, hiddenRows: [] };
      views.push(current);
      row = 0;
    }
  }
  return views;
}

/**
 * The sheets of an .xlsx from its workbook part alone (names in tab order, state="hidden" or
 * "veryHidden", the active tab), so that SheetJS then reads the chosen sheet only. Null when the
 * workbook part is not where Excel, LibreOffice and openpyxl put it.
 */
export function xlsxView(bytes: Buffer, entries: ZipEntry[]): SheetView[] | null {
  const xml = entryText(bytes, entries, 'xl/workbook.xml');
  if (xml === null) return null;
  const active = Number(attr(/<(?:\w+:)?workbookView\b[^>]*>/.exec(xml)?.[0] ?? '', 'activeTab') ?? 0);
  const sheets = [...xml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map((m, i) => {
    const state = attr(m[0], 'state');
    return { name: attr(m[0], 'name') ?? '', hidden: state === 'hidden' || state === 'veryHidden', active: i === active, hiddenRows: [] };
  });
  return sheets.length ? sheets : null;
}

/**
 * Rows hidden in an .xlsx sheet (`<row r="3" hidden="1">`), read from the sheet's part: cheaper than
 * having SheetJS keep every row's properties.
 */
export function xlsxHiddenRows(bytes: Buffer, entries: ZipEntry[], sheet: string): number[] {
  const book = entryText(bytes, entries, 'xl/workbook.xml') ?? '';
  const rels = entryText(bytes, entries, 'xl/_rels/workbook.xml.rels') ?? '';
  const tag = [...book.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map((m) => m[0]).find((t) => attr(t, 'name') === sheet);
  const id = tag && /\sr:id="([^"]*)"/.exec(tag)?.[1];
  const rel = id ? [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((t) => attr(t, 'Id') === id) : undefined;
  const target = rel && attr(rel, 'Target');
  if (!target) return [];
  const part = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const xml = entryText(bytes, entries, part) ?? '';
  if (!/\shidden="(1|true)"/.test(xml)) return [];
  const out: number[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?row\b[^>]*\shidden="(?:1|true)"[^>]*>/g)) {
    const r = Number(attr(m[0], 'r'));
    if (r > 0) out.push(r);
  }
  return out;
}
