import { displayWidth } from './width.js';

export type TableCell = string | number | boolean | null | undefined;

/**
 * Borderless columns, easy to read and to grep: one space either side of every cell, two more
 * between columns, each column as wide as its widest line, every line padded to the table's full
 * width. A cell holding line breaks makes its row that many lines high. `head` styles the header
 * cells (bold on a terminal) without changing their width.
 *
 * Two passes, each cell measured once: the cost grows with the number of cells, nothing more.
 */
export function renderTable(head: readonly string[], rows: ReadonlyArray<readonly TableCell[]>, style: { head: (text: string) => string }): string {
  const texts = head.length ? [head.map((h) => style.head(h)), ...rows.map(cellTexts)] : rows.map(cellTexts);
  const columns = texts.reduce((n, r) => Math.max(n, r.length), 0);
  const widths = new Array<number>(columns).fill(0);
  const measured = texts.map((row) => {
    const m = new Array<number>(columns);
    for (let j = 0; j < columns; j++) {
      const text = row[j] ?? '';
      m[j] = text.includes('\n') ? -1 : displayWidth(text);
      if (m[j]! > widths[j]!) widths[j] = m[j]!;
      if (m[j] === -1) for (const l of text.split('\n')) widths[j] = Math.max(widths[j]!, displayWidth(l));
    }
    return m;
  });
  const pad = padding(Math.max(0, ...widths) + 1);
  const out = new Array<string>();
  texts.forEach((row, i) => {
    const m = measured[i]!;
    if (m.includes(-1)) out.push(...tallRow(row, widths, pad));
    else {
      let line = '';
      for (let j = 0; j < columns; j++) line += (j ? '   ' : ' ') + (row[j] ?? '') + pad[widths[j]! - m[j]! + 1];
      out.push(line);
    }
  });
  return out.join('\n');
}

/** A row with a cell of several lines, drawn line by line. */
function tallRow(row: readonly string[], widths: readonly number[], pad: readonly string[]): string[] {
  const cells = widths.map((_, j) => (row[j] ?? '').split('\n'));
  const height = cells.reduce((n, lines) => Math.max(n, lines.length), 1);
  return Array.from({ length: height }, (_, k) =>
    cells.map((lines, j) => {
      const text = lines[k] ?? '';
      return (j ? '   ' : ' ') + text + pad[widths[j]! - displayWidth(text) + 1];
    }).join(''),
  );
}

/** pad[n] is n spaces. */
function padding(max: number): string[] {
  return Array.from({ length: max + 1 }, (_, n) => ' '.repeat(n));
}

function cellTexts(row: readonly TableCell[]): string[] {
  return row.map((v) => (v === null || v === undefined ? '' : String(v)));
}
