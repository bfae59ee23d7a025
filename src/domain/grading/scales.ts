/** Grading scales and how a raw value becomes a grade. No guessing: import rule 1. */
export const SCALES = ['letter', 'passfail', 'points'] as const;
export type Scale = (typeof SCALES)[number];

export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type Letter = (typeof LETTERS)[number];
export const PASSFAIL = ['Pass', 'NotPass'] as const;

/** Lower bounds in points, compared without rounding: 88.5 with A at 89 is a B. */
export type Thresholds = Record<'A' | 'B' | 'C' | 'D' | 'E', number>;
export const DEFAULT_THRESHOLDS: Thresholds = { A: 89, B: 77, C: 65, D: 53, E: 41 };

/** Every grade value of a scale, best first (for reports: points tests report letters). */
export function gradesOf(scale: Scale): readonly string[] {
  return scale === 'passfail' ? PASSFAIL : LETTERS;
}

export function letterFromPoints(points: number, t: Thresholds): Letter {
  for (const l of ['A', 'B', 'C', 'D', 'E'] as const) if (points >= t[l]) return l;
  return 'F';
}

/**
 * The letter a grade or mark holds under the thresholds `t`: a letter derived from points follows
 * them; a letter given as such, or no letter, stays as it is. The one rule for every recompute.
 */
export function letterInForce(s: { grade: string | null; points: number | null; derived: boolean }, t: Thresholds): string | null {
  return s.derived && s.grade !== null && s.points !== null ? letterFromPoints(s.points, t) : s.grade;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

/**
 * Points as people and Norwegian spreadsheets write them: `88.5` or `88,5`, 0 to 100. A thousands
 * separator, a unit or any text around the number is an error, not a guess.
 */
export function parsePoints(raw: string | number): Parsed<number> {
  const expected = 'points from 0 to 100, such as 88.5 or 88,5';
  let n: number;
  // A spreadsheet shows and compares numbers to 15 significant digits: a SUM of 13.6, 59.8 and 15.6
  // is 89 on the grader's screen but 88.99999999999999 in the file's binary value (an A read as a B).
  // No number a person typed has more digits, so this changes none of them.
  if (typeof raw === 'number') n = Number(raw.toPrecision(15));
  else {
    const s = raw.trim();
    if (!/^\d{1,3}([.,]\d+)?$/.test(s)) return { ok: false, expected };
    n = Number(s.replace(',', '.'));
  }
  if (!Number.isFinite(n) || n < 0 || n > 100) return { ok: false, expected };
  return { ok: true, value: n };
}

export interface GradeValue {
  /** Letter or Pass/NotPass; on a points scale the letter derived from the thresholds. */
  grade: string;
  points: number | null;
  derived: boolean;
}

/**
 * Turns the value given for a grade into the grade of record. On a points test the value is the
 * points and the letter follows from the thresholds.
 */
export function parseGrade(scale: Scale, raw: string | number, thresholds: Thresholds = DEFAULT_THRESHOLDS): Parsed<GradeValue> {
  if (scale === 'points') {
    const p = parsePoints(raw);
    if (!p.ok) return p;
    return { ok: true, value: { grade: letterFromPoints(p.value, thresholds), points: p.value, derived: true } };
  }
  const allowed: readonly string[] = scale === 'letter' ? LETTERS : PASSFAIL;
  const s = typeof raw === 'number' ? String(raw) : raw;
  if (!allowed.includes(s)) {
    return {
      ok: false,
      expected: scale === 'letter' ? 'a capital letter grade A, B, C, D, E or F' : 'Pass or NotPass, exactly',
    };
  }
  return { ok: true, value: { grade: s, points: null, derived: false } };
}
