import { ValidationError } from '../errors.js';

/**
 * Checks a zip (xlsx, ods) before SheetJS inflates it: the central directory must be readable,
 * and the entries' declared sizes must stay under the limit. (Hardened further with the grades import.)
 */
export function checkZip(bytes: Buffer, name: string, maxUnzippedBytes: number): void {
  const eocd = findEocd(bytes);
  if (eocd < 0) throw new ValidationError(`${name}: the workbook is truncated or corrupt (no zip directory found)`);
  const entries = bytes.readUInt16LE(eocd + 10);
  const cdSize = bytes.readUInt32LE(eocd + 12);
  const cdOffset = bytes.readUInt32LE(eocd + 16);
  if (cdOffset + cdSize > bytes.length) throw new ValidationError(`${name}: the workbook is truncated or corrupt`);
  let p = cdOffset;
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) {
      throw new ValidationError(`${name}: the workbook is truncated or corrupt (bad zip directory)`);
    }
    total += bytes.readUInt32LE(p + 24);
    if (total > maxUnzippedBytes) {
      throw new ValidationError(
        `${name}: the workbook would inflate to more than ${maxUnzippedBytes} bytes (a zip bomb?); raise the limit with --max-unzipped-bytes if it is genuine`,
      );
    }
    p += 46 + bytes.readUInt16LE(p + 28) + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
}

function findEocd(b: Buffer): number {
  const min = Math.max(0, b.length - 65557);
  for (let i = b.length - 22; i >= min; i--) if (b.readUInt32LE(i) === 0x06054b50) return i;
  return -1;
}
