import { UsageError } from '../../errors.js';
import type { Limits } from '../../formats/tabular.js';

/** The limit flags every command that reads an untrusted sheet takes. */
export interface LimitFlags {
  maxRows?: string;
  maxBytes?: string;
  maxUnzippedBytes?: string;
}

/** "5000", "100MB", "1.5GB", "2M" (rows): whole numbers with an optional k/M/G suffix. */
export function parseSize(flag: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)(i?b)?$/i.exec(v.trim());
  if (!m) throw new UsageError(`${flag} takes a whole number, optionally with k, M or G (such as 100MB), not "${v}"`);
  const mult = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  const n = Math.floor(Number(m[1]) * mult);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, not "${v}"`);
  return n;
}

export function limitsFrom(f: LimitFlags): Partial<Limits> {
  const l: Partial<Limits> = {};
  if (f.maxRows !== undefined) l.maxRows = parseSize('--max-rows', f.maxRows);
  if (f.maxBytes !== undefined) l.maxBytes = parseSize('--max-bytes', f.maxBytes);
  if (f.maxUnzippedBytes !== undefined) l.maxUnzippedBytes = parseSize('--max-unzipped-bytes', f.maxUnzippedBytes);
  return l;
}
