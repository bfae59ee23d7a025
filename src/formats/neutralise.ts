/**
 * OWASP's CSV-injection rule: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return could become a formula when a spreadsheet opens the file, so it gets a leading `'`.
 * Numbers are left as numbers: only text is ever a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
