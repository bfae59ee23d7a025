import { Command } from 'commander';
import type { Context } from '../../context.js';
import { requireExam } from '../../domain/exams/exams.js';
import { setGrade, setGroupGrade, showState, stateDoc, type SetGradeResult } from '../../domain/grading/grades.js';
import { action, type Deps } from '../runtime.js';

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

export function runSet(ctx: Context, o: SetOptions) {
  const actor = ctx.actor;
  const exam = requireExam(ctx.db, o.test);
  const opts = { points: o.points, final: o.final, now: ctx.now() };
  if (o.group) {
    const g = setGroupGrade(ctx.db, actor, exam, o.n, o.grade, opts);
    if (ctx.out.json) ctx.out.emit({ group: g.group, results: g.results.map(doc), skipped: g.skipped });
    else {
      for (const r of g.results) {
        const whose = r.target.kind === 'mark' ? ' (your private mark)' : '';
        ctx.out.line(`${exam.code} ${r.candidate}: ${showState(r.old)} → ${showState(r.new)}${r.changed ? '' : ' (unchanged)'}${whose}`);
      }
      for (const s of g.skipped) ctx.out.warn(`${s.candidate} left without a grade: ${s.why}`);
      if (g.results.some((r) => r.changed)) ctx.out.info('Not confirmed yet: confirm with "grades confirm" when grading is done.');
    }
    return g;
  }
  const r = setGrade(ctx.db, actor, exam, o.n, o.grade, opts);
  if (ctx.out.json) ctx.out.emit(doc(r));
  else {
    const whose = r.target.kind === 'mark' ? ' (your private mark)' : '';
    ctx.out.line(`${exam.code} ${r.candidate}: ${showState(r.old)} → ${showState(r.new)}${r.changed ? '' : ' (unchanged)'}${whose}`);
    if (r.changed) ctx.out.info('Not confirmed yet: confirm with "grades confirm" when grading is done.');
  }
  return r;
}

export function setCommand(deps: Deps): Command {
  return new Command('set')
    .description('set one grade (on a points test: the points, 0-100; the letter follows from the thresholds)')
    .argument('<test>', 'test code')
    .argument('<n>', 'candidate number (with --group: the group name)')
    .argument('<grade>', 'A-F, Pass/NotPass, or points on a points test')
    .option('--points <p>', 'points to record beside a letter or pass/fail grade')
    .option('--final', 'set the grade of record (resolves a conflict in private marking)')
    .option('--group', '<n> names a group: set the grade for every member')
    .action(
      action<Omit<SetOptions, 'test' | 'n' | 'grade'>>(deps, (ctx, [test, n, grade], opts) => runSet(ctx, { ...opts, test, n, grade })),
    );
}
