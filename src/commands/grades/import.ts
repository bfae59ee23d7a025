import fs from 'node:fs';
import { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError, ValidationError, type Issue } from '../../errors.js';
import { DEFAULT_LIMITS, type Table } from '../../formats/tabular.js';
import { commandLine } from '../../ui/shell.js';
import { requireExam, type Exam } from '../../domain/exams/exams.js';
import { ImportConflict, ImportRefused, beginGradeImportAhead, importGrades, requireGradeImporter, type ImportChange, type ImportReport } from '../../domain/imports/grade-import.js';
import { progressFor } from '../../ui/progress.js';
import { action, examples, type Deps } from '../runtime.js';
import { result, type Page, type Result } from '../../ui/result.js';
import { addSheetOptions, readSheet, sayNotes, sheetArgs, type SheetFlags } from '../sheet-flags.js';
import { limitsFrom, type LimitFlags } from './limits.js';

export interface ImportOptions extends LimitFlags, SheetFlags {
  test: string;
  file: string;
  candidateColumn?: string;
  gradeColumn?: string;
  pointsColumn?: string;
  dryRun?: boolean;
  plan?: string;
}

/** The documented JSON document (plus `plan`, the dry run's plan id). */
function jsonDoc(exam: Exam | null, r: Pick<ImportReport, 'batch' | 'dryRun' | 'counts' | 'changes' | 'errors' | 'planId' | 'sheet'>) {
  // On a points test the value a grade is given as is the points; elsewhere the grade itself.
  const points = exam?.scale === 'points';
  return {
    batch: r.batch,
    dryRun: r.dryRun,
    counts: r.counts,
    changes: r.changes.map((c) => ({ candidate: c.candidate, old: points ? c.oldPoints : c.old, new: points ? c.newPoints : c.new })),
    errors: r.errors.map((e) => ({
      file: e.file ?? null,
      sheet: e.sheet ?? null,
      row: e.row ?? null,
      column: e.column ?? null,
      value: e.value ?? null,
      message: e.message,
    })),
    plan: r.planId,
    sheet: r.sheet,
  };
}

/** A file-level refusal (not a sheet, no header row...) as the same document. */
function refusedDoc(dryRun: boolean, file: string, err: ValidationError, sheet: string | null) {
  const issues: Issue[] = err.issues.length ? err.issues : [{ file, message: err.message }];
  return jsonDoc(null, {
    batch: null,
    dryRun,
    counts: { new: 0, changed: 0, unchanged: 0, empty: 0, errors: issues.length },
    changes: [],
    errors: issues.map((i) => ({ ...i, file: i.file ?? file, kind: 'invalid' as const })),
    planId: null,
    sheet,
  });
}

const show = (g: string | null, p: number | null) => (g === null && p === null ? 'none' : p === null ? g! : g === null ? `${p} points` : `${g} (${p} points)`);
const changeLine = (c: ImportChange) => `  ${c.candidate}: ${show(c.old, c.oldPoints)} → ${show(c.new, c.newPoints)}`;

/** Lines made only when a person is to read them: under --json, 100,000 changes make no text. */
const linesOf = (make: () => string[]) => (page: Page) => {
  for (const l of make()) page.line(l);
};

/** The counts line and, unless refused, each change: what a person reads on stdout. */
function humanLines(exam: Exam, r: ImportReport, refused: boolean): string[] {
  const { counts: n } = r;
  const lines = [
    `${exam.code}: ${n.new} new, ${n.changed} changed, ${n.unchanged} unchanged, ${n.empty} empty (kept), ${n.errors} error(s)` +
      (r.target === 'marks' ? ' (your private marks)' : ''),
  ];
  if (!refused && r.changes.length) lines.push(r.dryRun ? 'Would change:' : 'Changed:', ...r.changes.map(changeLine));
  return lines;
}

/** On stderr, so also under --json. */
function noteSameFile(ctx: Context, r: ImportReport): void {
  if (!r.sameFileBatches.length) return;
  const last = r.sameFileBatches[r.sameFileBatches.length - 1];
  ctx.out.info(
    r.changes.length === 0
      ? `The same file (same SHA-256) was imported before as batch ${last}; it changes nothing now.`
      : `Note: the same file (same SHA-256) was imported before as batch ${last}; it is compared with the grades as they stand now.`,
  );
}

/**
 * EXAMCTL_TEST_PAUSE_IN_TX=<ms>: for crash and concurrency tests, the import says so on stderr and
 * holds its transaction open, every row written and nothing committed, for that long.
 */
function pauseInTx(): (() => void) | undefined {
  const ms = Number(process.env.EXAMCTL_TEST_PAUSE_IN_TX);
  if (!(ms > 0)) return undefined;
  return () => {
    fs.writeSync(2, 'examctl: paused in transaction\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  };
}

const COLUMN_FLAGS: Record<string, string> = { candidate: '--candidate-column', grade: '--grade-column', points: '--points-column' };

/** How this command names a column, for the messages that ask the user to pick one. */
const pickColumn = (key: string) => (COLUMN_FLAGS[key] ? `name it with ${COLUMN_FLAGS[key]} <header or column letter>` : undefined);

/** Every option that shaped the plan, so that the printed --plan line reads the file the same way. */
function importArgs(o: ImportOptions): string[] {
  const cols: [string, string | undefined][] = [
    ['--candidate-column', o.candidateColumn],
    ['--grade-column', o.gradeColumn],
    ['--points-column', o.pointsColumn],
    ['--max-rows', o.maxRows],
    ['--max-bytes', o.maxBytes],
    ['--max-unzipped-bytes', o.maxUnzippedBytes],
  ];
  return [...sheetArgs(o), ...cols.flatMap(([flag, v]) => (v === undefined ? [] : [flag, String(v)]))];
}

export async function runImport(ctx: Context, o: ImportOptions): Promise<Result> {
  const db = ctx.db;
  const actor = ctx.actor;
  const exam = requireExam(db, o.test);
  requireGradeImporter(db, actor, exam);
  const dryRun = Boolean(o.dryRun);
  if (dryRun && o.plan) throw new UsageError('--plan applies a reviewed dry run: leave out --dry-run');
  const limits = limitsFrom(o);

  let report: ImportReport;
  let table: Table | undefined;
  if (!dryRun) beginGradeImportAhead(db, exam);
  try {
    table = await readSheet(ctx, o.file, o, { limits }, pickColumn);
    const progress = await progressFor(ctx.out, table.rows.length);
    try {
      report = importGrades(db, actor, exam, table, {
        dryRun,
        planId: o.plan,
        now: ctx.now(),
        columns: { candidate: o.candidateColumn, grade: o.gradeColumn, points: o.pointsColumn },
        onProgress: (phase, done, total) => progress.update(phase === 'check' ? 'checking' : 'writing', done, total),
        beforeCommit: pauseInTx(),
      });
    } finally {
      progress.stop();
      sayNotes(ctx, table);
    }
  } catch (err) {
    if (err instanceof ImportRefused || err instanceof ImportConflict) {
      noteSameFile(ctx, err.report);
      return result({ json: jsonDoc(exam, err.report), human: linesOf(() => humanLines(exam, err.report, true)), error: err });
    }
    if (err instanceof ValidationError) return result({ json: refusedDoc(dryRun, o.file, err, table?.sheet ?? null), error: err });
    throw err;
  } finally {
    // a file that could not be read leaves the transaction begun for it unused
    db.dropAhead?.();
  }

  // Said in both modes, on stderr: the same file seen before, the plan to apply, the batch to undo.
  noteSameFile(ctx, report);
  if (dryRun && report.planId) {
    ctx.out.info(`Dry run: nothing written. Plan ${report.planId}: apply exactly this with`);
    ctx.out.info(`  ${commandLine(ctx.globalArgs, ['grades', 'import', exam.code, o.file, ...importArgs(o), '--plan', report.planId])}`);
  } else if (!dryRun) {
    ctx.out.info(`Imported as batch ${report.batch}. Undo it with`);
    ctx.out.info(`  ${commandLine(ctx.globalArgs, ['grades', 'undo', String(report.batch)])}`);
    ctx.out.info('Nothing is confirmed yet: check the grades (grades list) and confirm them (grades confirm).');
  }
  // Only a dry run gets here with errors (the real run throws): printed, then refused.
  const errors = () =>
    report.errors.length
      ? [
          'Errors (nothing would be imported until they are fixed):',
          ...report.errors.map((e) => `  row ${e.row}, column ${e.column}: found ${JSON.stringify(e.value ?? '')}: ${e.message}`),
        ]
      : [];
  return result({
    json: jsonDoc(exam, report),
    human: linesOf(() => [...humanLines(exam, report, false), ...errors()]),
    error: dryRun && report.errors.length ? new ValidationError(`${o.file}: ${report.errors.length} error(s) found; a real run would import nothing`) : undefined,
  });
}

export function importCommand(deps: Deps): Command {
  return examples(
    addSheetOptions(
      new Command('import')
        .description('import grades from .xlsx, .xls, .ods or .csv: all or nothing, every error reported')
        .argument('<test>', 'test code')
        .argument('<file>', 'spreadsheet or CSV file'),
    )
      .option('--candidate-column <header>', 'header of the candidate number column')
      .option('--grade-column <header>', 'header of the grade column')
      .option('--points-column <header>', 'header of the points column')
      .option('--dry-run', 'show what would change and print a plan id; write nothing')
      .option('--plan <id>', 'apply only if nothing changed since the dry run that printed this plan id')
      .option('--max-rows <n>', `refuse sheets with more rows (default ${DEFAULT_LIMITS.maxRows})`)
      .option('--max-bytes <n>', `refuse larger files (default ${DEFAULT_LIMITS.maxBytes / 2 ** 20}MB)`)
      .option('--max-unzipped-bytes <n>', `refuse workbooks that inflate to more (default ${DEFAULT_LIMITS.maxUnzippedBytes / 2 ** 20}MB)`)
      .action(action<Omit<ImportOptions, 'test' | 'file'>>(deps, (ctx, [test, file], opts) => runImport(ctx, { ...opts, test, file }))),
    'grades import TDT4100-H26 grades.xlsx --dry-run',
    'grades import TDT4100-H26 grades.xlsx --plan 572a502970',
  );
}
