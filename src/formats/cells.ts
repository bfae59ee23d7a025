/**
 * What a cell's text is: every cell of every import is trimmed the same way, and a character a
 * person cannot see (or one that only looks like a letter or digit) left inside a value is named by
 * its code point instead of passing for the value it resembles.
 */

/** Ordinary, non-breaking and zero-width spaces, and the byte-order mark, at either end of a cell. */
const EDGE = /^[\s\u200b-\u200d\u2060\ufeff\u180e]+|[\s\u200b-\u200d\u2060\ufeff\u180e]+$/g;

/** `String.trim` plus the zero-width spaces it leaves (U+200B-U+200D, U+2060, U+FEFF). */
export function trimCell(s: string): string {
  if (s === '') return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(s.length - 1);
  // Most cells have nothing to trim: skip the regular expression for them.
  if (a > 0x20 && a < 0x7f && b > 0x20 && b < 0x7f) return s;
  return s.replace(EDGE, '');
}

const NAMES: Record<number, string> = {
  0x00a0: 'no-break space',
  0x00ad: 'soft hyphen',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x2060: 'word joiner',
  0xfeff: 'zero-width no-break space',
  0x2212: 'minus sign',
  0x2013: 'en dash',
  0x2014: 'em dash',
};

/** Invisible format characters and controls: never part of a value a person typed on purpose. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb]/u;

/** Letters of other scripts that look like Latin letters, and dashes that look like a minus. */
const LOOKALIKE = /[\u0391-\u03a9\u03bf\u0400-\u04ff\u2010-\u2015\u2212\u00a0\u2000-\u200a\u202f\u205f\u3000]/u;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function describe(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const name = NAMES[cp];
  return `U+${hex}${name ? ` (${name})` : ''}`;
}

/**
 * The first character in `s` that a person cannot see, or (for values that are codes, numbers or
 * letters, `plain`) one that only resembles an ASCII letter, digit or minus: a fullwidth digit, a
 * Cyrillic А, a dash. Null when the text is what it looks like.
 */
export function strangeCharacter(s: string, plain: boolean): string | null {
  // Printable ASCII, as nearly every cell is: nothing to look for.
  if (PRINTABLE_ASCII.test(s)) return null;
  const inv = INVISIBLE.exec(s);
  if (inv) return describe(inv[0]);
  if (!plain) return null;
  const look = LOOKALIKE.exec(s);
  if (look) return describe(look[0]);
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    // Fullwidth and other compatibility forms that fold to ASCII (１０１, Ａ).
    if (cp > 0x7f && /^[\x21-\x7e]+$/.test(ch.normalize('NFKC'))) return describe(ch);
  }
  return null;
}

/** A value as a message quotes it: control and invisible characters shown, long values cut. */
export function shownValue(s: string, max = 60): string {
  const cut = s.length > max ? `${s.slice(0, max - 1)}…` : s;
  return cut.replace(new RegExp(INVISIBLE.source, 'gu'), (ch) => `<${describe(ch).split(' ')[0]}>`);
}

/** Excel's and LibreOffice's error values, as a cell holding one shows it. */
const ERROR_TEXT = /^(#DIV\/0!|#N\/A|#NAME\?|#NULL!|#NUM!|#REF!|#VALUE!|#SPILL!|#CALC!|#GETTING_DATA|#FIELD!|#BLOCKED!|#UNKNOWN!|#BUSY!|Err:\d{3})$/;

export function isErrorText(s: string): boolean {
  return ERROR_TEXT.test(s);
}

/** A number format that shows a percentage: a % outside quotes and escapes. */
export function isPercentFormat(z: string): boolean {
  return /%/.test(z.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, ''));
}

/** A number format made only of zeros (`0000`): shows the number padded with leading zeros. */
export function zeroPadWidth(z: string): number {
  return /^0{2,}$/.test(z) ? z.length : 0;
}

/** 0.92 shown as 92 %: the percentage, without binary noise (0.455 × 100 is 45.50000000000001). */
export function percentOf(v: number): number {
  return Number((v * 100).toPrecision(12));
}
