import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { neutralise } from './neutralise.js';
import { loadSheetJS } from './tabular.js';

/** A value in a file examctl writes. Strings are neutralised on the way out. */
export type OutCell = string | number | boolean | null;

/** A temporary name beside the file, unique to this process: written first, then renamed into place. */
export function tempBeside(file: string): string {
  return path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
}

/**
 * Writes a file readable by its owner alone (grades are personal data): into a temporary file
 * created with mode 0600 beside the target, then renamed over it, so that a reader never sees half
 * a file and an existing file with wider permissions is replaced rather than rewritten in place.
 */
export function writePrivateFile(file: string, data: string | Buffer): void {
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`cannot write ${file}: it is a folder; name a file`);
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new UsageError(`cannot write ${file}: the folder ${dir} does not exist`);
  const tmp = tempBeside(file);
  try {
    fs.writeFileSync(tmp, data, { mode: 0o600, flag: 'w' });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    const e = err as NodeJS.ErrnoException;
    if (['EACCES', 'EPERM', 'EISDIR', 'ENOENT', 'ENOTDIR', 'EEXIST', 'ENOTEMPTY', 'EROFS', 'ENOSPC'].includes(e.code ?? '')) {
      throw new UsageError(`cannot write ${file}: ${e.message}`);
    }
    throw err;
  }
}

/** CSV text (csv-stringify, loaded on demand), every text cell neutralised. */
export async function toCsv(head: string[], rows: OutCell[][], delimiter = ','): Promise<string> {
  const { stringify } = await import('csv-stringify/sync');
  const clean = (r: OutCell[]) => r.map((v) => (typeof v === 'string' ? neutralise(v) : v === null ? '' : v));
  return stringify([clean(head), ...rows.map(clean)], { delimiter, record_delimiter: '\n' });
}

export interface SheetSpec {
  name: string;
  head: string[];
  rows: OutCell[][];
  /** Column indexes whose cells are text and should stay text when someone types into them (format "@"). */
  textColumns?: number[];
  /** Column widths in characters. */
  widths?: number[];
}

/** An .xlsx (SheetJS, loaded on demand) as bytes; every text cell neutralised, numbers stay numbers. */
export async function toXlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const XLSX = await loadSheetJS();
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const data: unknown[][] = [s.head.map(neutralise)];
    for (const r of s.rows) data.push(r.map((v) => (typeof v === 'string' ? neutralise(v) : v)));
    const ws = XLSX.utils.aoa_to_sheet(data, { dense: true } as never);
    const dense = (ws as unknown as { '!data': ({ t: string; v: unknown; z?: string } | undefined)[][] })['!data'];
    for (const c of s.textColumns ?? []) {
      for (let r = 1; r < dense.length; r++) {
        const cell = dense[r]?.[c];
        if (cell && cell.t === 's') cell.z = '@';
      }
    }
    if (s.widths) ws['!cols'] = s.widths.map((wch) => ({ wch }));
    XLSX.utils.book_append_sheet(wb, ws, s.name.slice(0, 31));
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}
