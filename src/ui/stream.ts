import type { Output } from './output.js';

/** Writes in pieces of about this many characters: few writes, and memory stays one piece. */
const CHUNK = 1 << 16;

/**
 * Writes items as one JSON array, the same text `JSON.stringify(items, null, 2)` gives, one item at
 * a time, so that a million events never sit in memory together.
 */
export async function writeJsonArray(out: Pick<Output, 'write'>, items: Iterable<unknown>): Promise<void> {
  let buf = '';
  let first = true;
  for (const item of items) {
    buf += (first ? '[\n  ' : ',\n  ') + JSON.stringify(item, null, 2).replace(/\n/g, '\n  ');
    first = false;
    if (buf.length >= CHUNK) {
      await out.write(buf);
      buf = '';
    }
  }
  await out.write(first ? '[]\n' : `${buf}\n]\n`);
}

/** One JSON document a line (JSON Lines), for scripts that read as the data comes. */
export async function writeJsonLines(out: Pick<Output, 'write'>, items: Iterable<unknown>): Promise<void> {
  let buf = '';
  for (const item of items) {
    buf += JSON.stringify(item) + '\n';
    if (buf.length >= CHUNK) {
      await out.write(buf);
      buf = '';
    }
  }
  if (buf) await out.write(buf);
}
