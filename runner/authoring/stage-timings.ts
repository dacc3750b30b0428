import type { Lab } from '../lab';
import type { GradeResult } from '../grading/result';

/** How long the reference solution's stages take, so authors see slow suites before learners do. */
export interface StageTiming {
  stage: string;
  title: string;
  /** Per run, in run order. */
  durationsMs: number[];
  slowestMs: number;
  limitMs: number;
}

/** Above this share of the stage time limit a stage is reported as slow: a slower machine may time out. */
export const SLOW_SHARE = 0.5;

export function stageTimings(
  lab: Pick<Lab, 'stages' | 'limits'>,
  runs: readonly GradeResult[],
): StageTiming[] {
  return lab.stages.map((stage) => {
    const durationsMs = runs.map((run) => run.stages.find((s) => s.id === stage.id)?.durationMs ?? 0);
    return {
      stage: stage.id,
      title: stage.title,
      durationsMs,
      slowestMs: Math.max(0, ...durationsMs),
      limitMs: lab.limits.stageTimeoutMs,
    };
  });
}

export function isSlow(timing: StageTiming): boolean {
  return timing.slowestMs > timing.limitMs * SLOW_SHARE;
}
