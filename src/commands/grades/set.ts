import { Command } from 'commander';
import type { Context } from '../../context.js';
import { requireExam } from '../../domain/exams/exams.js';
import { setGrade, setGroupGrade, showState, stateDoc, type SetGradeResult } from '../../domain/grading/grades.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';
import { warning } from './warning.js';

export interface SetOptions {
  test: string;
  /** A candidate number, or with `group` a group's name. */
  n: string;
  grade: string;
  points?: string;
  final?: boolean;
  group?: boolean;
}

const doc = (r: SetGradeResult) => ({
  candidate: r.candidate,
  old: stateDoc(r.old),
  new: stateDoc(r.new),
  changed: r.changed,
  target: r.target.kind === 'mark' ? 'mark' : 'grade',
});

const NOT_CONFIRMED = 'Not confirmed yet: confirm with "grades confirm" when grading is done.';

export function runSet(ctx: Context, o: SetOptions) {
  const exam = requireExam(ctx.db, o.test);
  const opts = { points: o.points, final: o.final, now: ctx.now() };
  const line = (r: SetGradeResult) => {
    const whose = r.target.kind === 'mark' ? ' (your private mark)' : '';
    return `${exam.code} ${r.candidate}: ${showState(r.old)} → ${showState(r.new)}${r.changed ? '' : ' (unchanged)'}${whose}`;
  };
  if (o.group) {
    const g = setGroupGrade(ctx.db, ctx.actor, exam, o.n, o.grade, opts);
    return result({
      json: { group: g.group, results: g.results.map(doc), skipped: g.skipped },
      human: g.results.map(line),
      notes: [
        ...g.skipped.map((s) => warning(`${s.candidate} left without a grade: ${s.why}`)),
        ...(g.results.some((r) => r.changed) ? [NOT_CONFIRMED] : []),
      ],
    });
  }
  const r = setGrade(ctx.db, ctx.actor, exam, o.n, o.grade, opts);
  return result({ json: doc(r), human: [line(r)], notes: r.changed ? [NOT_CONFIRMED] : [] });
}

export function setCommand(deps: Deps): Command {
  return examples(
    new Command('set')
      .description('set one grade (on a points test: the points, 0-100; the letter follows from the thresholds)')
      .argument('<test>', 'test code')
      .argument('<n>', 'candidate number (with --group: the group name)')
      .argument('<grade>', 'A-F, Pass/NotPass, or points on a points test')
      .option('--points <p>', 'points to record beside a letter or pass/fail grade')
      .option('--final', 'set the grade of record (resolves a conflict in private marking)')
      .option('--group', '<n> names a group: set the grade for every member')
      .action(
        action<Omit<SetOptions, 'test' | 'n' | 'grade'>>(deps, (ctx, [test, n, grade], opts) => runSet(ctx, { ...opts, test, n, grade })),
      ),
    'grades set TDT4100-H26 101 B --points 81',
    'grades set TDT4102-H26 4711 A --group',
  );
}
