import type { Output } from './output.js';

/** Writes in pieces of about this many characters: few writes, and memory stays one piece. */
const CHUNK = 1 << 16;

/** Items per `JSON.stringify` call: one call per batch, its brackets cut off, instead of one per item. */
const BATCH = 512;

/**
 * Writes items as one JSON array, the same text `JSON.stringify(items, null, 2)` gives, a batch of
 * items at a time, so that a million rows never sit in memory together.
 */
export async function writeJsonArray(out: Pick<Output, 'write'>, items: Iterable<unknown>): Promise<void> {
  await writeJsonPieces(out, batches(items));
}

/** Batches of items as pieces of one JSON array: each is `JSON.stringify(batch, null, 2)` without its brackets. */
function* batches(items: Iterable<unknown>): Generator<string> {
  let batch: unknown[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === BATCH) {
      yield JSON.stringify(batch, null, 2).slice(4, -2);
      batch = [];
    }
  }
  if (batch.length) yield JSON.stringify(batch, null, 2).slice(4, -2);
}

/**
 * Writes pieces of a JSON array's text (items indented by two, joined by `,\n  `, no brackets) as
 * one array, the text `JSON.stringify(items, null, 2)` gives.
 */
export async function writeJsonPieces(out: Pick<Output, 'write'>, pieces: Iterable<string>): Promise<void> {
  let buf = '';
  let first = true;
  for (const piece of pieces) {
    buf += (first ? '[\n  ' : ',\n  ') + piece;
    first = false;
    if (buf.length >= CHUNK) {
      await out.write(buf);
      buf = '';
    }
  }
  await out.write(first ? '[]\n' : `${buf}\n]\n`);
}

/** Text written as it comes, in pieces of about CHUNK characters. */
export async function writePieces(out: Pick<Output, 'write'>, pieces: Iterable<string>): Promise<void> {
  let buf = '';
  for (const piece of pieces) {
    buf += piece;
    if (buf.length >= CHUNK) {
      await out.write(buf);
      buf = '';
    }
  }
  if (buf) await out.write(buf);
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
