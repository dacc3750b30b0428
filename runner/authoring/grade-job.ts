import type { Progress, ProgressStep } from '../common/progress';
import type { GradeResult } from '../grading/result';
import type { FaultStats } from './faults/fault-proxy-protocol';
import type { ProxyMode } from './faults/http-faults';

/** One grade `backlab validate` needs: a folder, with or without hidden tests, maybe with a fault. */
export interface GradeJob {
  /** Shown as the progress step, saying which of how many: "Grading the solution 2/3", "Known answer 3/10 (no-404)". */
  title: string;
  folder: string;
  hidden: boolean;
  fault?: ProxyMode;
}

export interface GradeOutcome {
  result: GradeResult;
  /** What the fault proxy did, for jobs with a fault (undefined when it never started). */
  faultStats?: FaultStats;
}

/** Grades a job; the real one runs containers, unit tests pass fakes. */
export type Grader = (job: GradeJob, progress: Progress) => Promise<GradeOutcome>;

/** Runs a job as one progress step whose detail follows the grade's own steps. */
export async function runJob(grader: Grader, job: GradeJob, progress: Progress): Promise<GradeOutcome> {
  const step = progress.step(job.title);
  try {
    const outcome = await grader(job, foldedProgress(step));
    const { status, score, maxScore } = outcome.result;
    const applied = outcome.faultStats ? `, the fault acted ${outcome.faultStats.applied} time(s)` : '';
    const summary = `${status} ${score}/${maxScore}${applied}`;
    if (status === 'error') step.fail(summary);
    else step.succeed(summary);
    return outcome;
  } catch (error) {
    step.fail('could not grade');
    throw error;
  }
}

/** A grade's many steps shown as the changing detail of one step, so validation output stays short. */
export function foldedProgress(step: ProgressStep): Progress {
  return {
    step(title) {
      step.update(title);
      return { update: (detail) => step.update(`${title}: ${detail}`), succeed() {}, fail() {} };
    },
    info: (message) => step.update(message),
    warn: (message) => step.update(message),
  };
}
