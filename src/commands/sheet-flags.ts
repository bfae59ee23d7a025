import type { Command } from 'commander';
import type { ReadOptions } from '../formats/tabular.js';

/** The flags every import takes: which sheet of a workbook, and how to read a CSV. */
export interface SheetFlags {
  sheet?: string;
  delimiter?: string;
  encoding?: string;
}

export function addSheetOptions(cmd: Command): Command {
  return cmd
    .option('--sheet <name>', 'sheet to read (default: the first)')
    .option('--delimiter <c>', 'CSV delimiter: , ; or tab (default: detected)')
    .option('--encoding <enc>', 'CSV encoding: utf-8 (default), windows-1252, latin1, utf-16le');
}

/** The flags as readTable takes them. */
export function readOptionsOf(f: SheetFlags): ReadOptions {
  return { sheet: f.sheet, delimiter: f.delimiter, encoding: f.encoding };
}
