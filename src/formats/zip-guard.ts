import zlib from 'node:zlib';
import { ValidationError } from '../errors.js';

/**
 * Checks a zip (xlsx, ods) before SheetJS inflates it. SheetJS's `sheetRows` limits what it
 * returns, not what it inflates, and a zip's declared sizes are whatever the file says, so:
 *  1. the central directory must be readable and consistent (entry count capped);
 *  2. the sum of the declared uncompressed sizes must stay under the limit;
 *  3. every entry is actually inflated, streaming, with a running byte budget: a lie about a
 *     size stops the inflation at the limit, and memory stays at one chunk whatever the file says.
 * Encrypted entries (a zip password) are refused by name.
 */
export interface ZipLimits {
  maxUnzippedBytes: number;
  /** A workbook has dozens of parts; thousands mean something else. */
  maxEntries?: number;
}

export const DEFAULT_MAX_ZIP_ENTRIES = 10_000;

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  declaredSize: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const CD_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

const corrupt = (name: string, why: string) =>
  new ValidationError(`${name}: the workbook is truncated or corrupt (${why}); open it in Excel or LibreOffice and save it again`);

const bomb = (name: string, limit: number) =>
  new ValidationError(
    `${name}: the workbook would inflate to more than ${limit} bytes (a zip bomb?); if the file is genuine, raise the limit with --max-unzipped-bytes`,
  );

/** Reads the central directory, refusing anything inconsistent. */
export function listZipEntries(bytes: Buffer, name: string, maxEntries = DEFAULT_MAX_ZIP_ENTRIES): ZipEntry[] {
  const eocd = findEocd(bytes);
  if (eocd < 0) throw corrupt(name, 'no zip directory found');
  let count = bytes.readUInt16LE(eocd + 10);
  let cdSize = bytes.readUInt32LE(eocd + 12);
  let cdOffset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || bytes.readUInt32LE(loc) !== ZIP64_LOCATOR_SIG) throw corrupt(name, 'bad zip64 directory');
    const z64 = Number(bytes.readBigUInt64LE(loc + 8));
    if (z64 + 56 > bytes.length || bytes.readUInt32LE(z64) !== ZIP64_EOCD_SIG) throw corrupt(name, 'bad zip64 directory');
    count = Number(bytes.readBigUInt64LE(z64 + 32));
    cdSize = Number(bytes.readBigUInt64LE(z64 + 40));
    cdOffset = Number(bytes.readBigUInt64LE(z64 + 48));
  }
  if (count > maxEntries) {
    throw new ValidationError(`${name}: the zip holds ${count} entries, more than the ${maxEntries} a workbook could need`);
  }
  if (cdOffset + cdSize > bytes.length) throw corrupt(name, 'the zip directory points past the end of the file');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CD_SIG) throw corrupt(name, 'bad zip directory entry');
    const flags = bytes.readUInt16LE(p + 8);
    const method = bytes.readUInt16LE(p + 10);
    let compressedSize = bytes.readUInt32LE(p + 20);
    let declaredSize = bytes.readUInt32LE(p + 24);
    const nameLen = bytes.readUInt16LE(p + 28);
    const extraLen = bytes.readUInt16LE(p + 30);
    const commentLen = bytes.readUInt16LE(p + 32);
    let localHeaderOffset = bytes.readUInt32LE(p + 42);
    if (p + 46 + nameLen + extraLen > bytes.length) throw corrupt(name, 'bad zip directory entry');
    const entryName = bytes.toString('utf8', p + 46, p + 46 + nameLen);
    if (declaredSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      // The zip64 extra field holds, in this order, only the values that overflowed.
      let q = p + 46 + nameLen;
      const end = q + extraLen;
      while (q + 4 <= end) {
        const id = bytes.readUInt16LE(q);
        const len = bytes.readUInt16LE(q + 2);
        if (id === 0x0001) {
          let r = q + 4;
          const next = () => {
            if (r + 8 > q + 4 + len) throw corrupt(name, 'bad zip64 field');
            const v = Number(bytes.readBigUInt64LE(r));
            r += 8;
            return v;
          };
          if (declaredSize === 0xffffffff) declaredSize = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
          break;
        }
        q += 4 + len;
      }
    }
    entries.push({ name: entryName, method, flags, compressedSize, declaredSize, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Where an entry's compressed data lies, from its local header. */
function dataRange(bytes: Buffer, e: ZipEntry, name: string): [number, number] {
  const h = e.localHeaderOffset;
  if (h + 30 > bytes.length || bytes.readUInt32LE(h) !== LOCAL_SIG) throw corrupt(name, `bad local header for ${e.name}`);
  const start = h + 30 + bytes.readUInt16LE(h + 26) + bytes.readUInt16LE(h + 28);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw corrupt(name, `${e.name} is cut short`);
  return [start, end];
}

/**
 * Inflates one entry while counting, stopping as soon as `budget` bytes are exceeded. Returns the
 * real inflated size. Chunks are discarded: memory stays at one chunk.
 */
function inflatedSize(data: Buffer, budget: number): Promise<number | 'over' | 'corrupt'> {
  return new Promise((resolve) => {
    const inf = zlib.createInflateRaw({ chunkSize: 1 << 20 });
    let n = 0;
    let done = false;
    const finish = (v: number | 'over' | 'corrupt') => {
      if (done) return;
      done = true;
      resolve(v);
    };
    inf.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > budget) {
        finish('over');
        inf.destroy();
      }
    });
    inf.on('error', () => finish('corrupt'));
    inf.on('end', () => finish(n));
    inf.end(data);
  });
}

/**
 * The whole check. Throws ValidationError (exit 2) for a corrupt, encrypted or oversized zip;
 * returns the entries (with real sizes) otherwise.
 */
export async function checkZip(bytes: Buffer, name: string, limits: ZipLimits | number): Promise<ZipEntry[]> {
  const { maxUnzippedBytes, maxEntries = DEFAULT_MAX_ZIP_ENTRIES } =
    typeof limits === 'number' ? { maxUnzippedBytes: limits } : limits;
  const entries = listZipEntries(bytes, name, maxEntries);
  let declared = 0;
  for (const e of entries) {
    if (e.flags & 0x1) {
      throw new ValidationError(`${name}: the workbook is password-protected (encrypted zip); save it without a password and try again`);
    }
    if (e.method !== 0 && e.method !== 8) {
      throw new ValidationError(`${name}: ${e.name} uses zip compression method ${e.method}, which a spreadsheet never uses`);
    }
    declared += e.declaredSize;
    if (declared > maxUnzippedBytes) throw bomb(name, maxUnzippedBytes);
  }
  let remaining = maxUnzippedBytes;
  for (const e of entries) {
    const [start, end] = dataRange(bytes, e, name);
    let real: number | 'over' | 'corrupt';
    if (e.method === 0) real = end - start;
    else real = e.compressedSize === 0 && e.declaredSize === 0 ? 0 : await inflatedSize(bytes.subarray(start, end), remaining);
    if (real === 'over') throw bomb(name, maxUnzippedBytes);
    if (real === 'corrupt') throw corrupt(name, `${e.name} does not inflate`);
    if (real > remaining) throw bomb(name, maxUnzippedBytes);
    // Sizes in a data descriptor may leave the directory's declared size at 0; anything else must agree.
    if (real !== e.declaredSize && !(e.flags & 0x8 && e.declaredSize === 0)) {
      throw corrupt(name, `${e.name} inflates to ${real} bytes, not the ${e.declaredSize} its directory declares`);
    }
    remaining -= real;
  }
  return entries;
}

function findEocd(b: Buffer): number {
  if (b.length < 22) return -1;
  const min = Math.max(0, b.length - 65557);
  for (let i = b.length - 22; i >= min; i--) if (b.readUInt32LE(i) === EOCD_SIG) return i;
  return -1;
}
