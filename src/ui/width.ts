import { createRequire } from 'node:module';

// node:util required, not imported: importing it by name makes Node build every one of its exports
// (its argument parser, its MIME types) at every start.
const util = createRequire(import.meta.url)('node:util') as typeof import('node:util');
const stripVTControlCharacters = (text: string): string => util.stripVTControlCharacters(text);

/**
 * How many terminal columns a line of text takes: colour codes take none, East Asian wide and
 * fullwidth characters and emoji take two, combining marks and other zero-width characters none.
 * Nearly every cell is Latin text, which is measured by its length without looking further.
 */
export function displayWidth(text: string): number {
  if (LATIN.test(text)) return text.length;
  const shown = stripVTControlCharacters(text);
  if (LATIN.test(shown)) return shown.length;
  let width = 0;
  for (const ch of shown.replace(emoji(), '\u3000')) {
    const cp = ch.codePointAt(0)!;
    if (ZERO_WIDTH.test(ch)) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

// Printable ASCII, Latin-1, Latin Extended-A and -B: one column per UTF-16 unit.
const LATIN = /^[\x20-\x7e\u00a0-\u024f]*$/;
// An emoji with its modifiers and joiners shows as one wide picture. (A constructor: the `v` flag
// is newer than the ES2022 this is compiled for, though Node 20 has it.) Compiling it costs a
// command's start-up a tenth of its time, so it is made the first time a cell is not Latin text.
let EMOJI: RegExp | undefined;
const emoji = (): RegExp => (EMOJI ??= new RegExp('\\p{RGI_Emoji}', 'gv'));
const ZERO_WIDTH = /^[\p{Cc}\p{Mn}\p{Me}\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]$/u;

/** East Asian Wide and Fullwidth ranges (Unicode's EastAsianWidth.txt, the ranges terminals draw double). */
function isWide(cp: number): boolean {
  return (
    cp >= 0x1100 &&
    (cp <= 0x115f ||
      cp === 0x2329 ||
      cp === 0x232a ||
      (cp >= 0x2e80 && cp <= 0x3247 && cp !== 0x303f) ||
      (cp >= 0x3250 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0xa4c6) ||
      (cp >= 0xa960 && cp <= 0xa97c) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe10 && cp <= 0xfe19) ||
      (cp >= 0xfe30 && cp <= 0xfe6b) ||
      (cp >= 0xff01 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x1b000 && cp <= 0x1b001) ||
      (cp >= 0x1f200 && cp <= 0x1f251) ||
      (cp >= 0x20000 && cp <= 0x3fffd))
  );
}
