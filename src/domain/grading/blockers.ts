import type { GradeState } from './grade-store.js';
import type { CandidateProgress } from './progress.js';

/** What keeps a candidate's grade from being confirmed now. */
export type Blocker =
  /** Private marking: the graders marked differently and no grade settles it. */
  | { kind: 'conflict'; candidate: string }
  /** Private marking: these graders have not shared (or changed a mark since). */
  | { kind: 'unshared'; candidate: string; waitingFor: string[] }
  /** Private marking: the grade of record is an earlier alignment the marks no longer make. */
  | { kind: 'stale-agreement'; candidate: string; recorded: GradeState; agreed: GradeState | null }
  | { kind: 'missing'; candidate: string }
  /** An appeal grade far from the original: a planner's further assessment must settle it first. */
  | { kind: 'further-assessment'; candidate: string };

/** Why a candidate cannot be confirmed now, or null when it can. */
export function blockerOf(p: CandidateProgress): Blocker | null {
  const candidate = p.candidate.number;
  if (p.conflict) return { kind: 'conflict', candidate };
  if (!p.aligned) return { kind: 'unshared', candidate, waitingFor: p.waitingFor };
  if (p.staleAgreement) return { kind: 'stale-agreement', candidate, recorded: p.grade!, agreed: p.agreed };
  if (p.grade === null) return { kind: 'missing', candidate };
  return null;
}

/** The blocker as people read it, without the candidate. */
export function blockerReason(b: Blocker): string {
  switch (b.kind) {
    case 'conflict':
      return 'in conflict: the graders disagree; resolve it by setting the final grade (grades set)';
    case 'unshared':
      return `waiting for ${b.waitingFor.join(', ')} to share`;
    case 'stale-agreement': {
      const agreed = b.agreed ? `the marks agree on ${b.agreed.grade ?? b.agreed.points}` : 'the marks no longer agree';
      return `the grade of record (${b.recorded.grade ?? b.recorded.points}) is from an earlier alignment and ${agreed}: a grader must share again (grades share)`;
    }
    case 'missing':
      return 'no grade';
    case 'further-assessment':
      return 'the appeal grade is two or more steps from the original: it waits for a further assessment by a planner (appeals settle)';
  }
}

/** The blocker as one line of a refusal: `candidate 101: no grade`. */
export function blockerLine(b: Blocker): string {
  return `candidate ${b.candidate}: ${blockerReason(b)}`;
}
