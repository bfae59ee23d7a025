import { UsageError } from '../../errors.js';

/** The formats grades leave in: an export, or a transfer to the student registry. */
export const FORMATS = ['csv', 'xlsx', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** `--format` as given, else what the `--output` name says, else JSON under `--json` and CSV otherwise. */
export function formatOf(o: { format?: string; output?: string }, json: boolean): Format {
  if (o.format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(o.format)) throw new UsageError(`--format takes csv, xlsx or json, not "${o.format}"`);
    return o.format as Format;
  }
  if (o.output?.toLowerCase().endsWith('.xlsx')) return 'xlsx';
  if (o.output?.toLowerCase().endsWith('.json')) return 'json';
  return json ? 'json' : 'csv';
}
