import type { GradeResult, Phase } from '../result';

/** A grading phase as a person would say it: "Grading stopped while starting the app". */
const PHASE_ACTIVITY: Record<Phase, string> = {
  images: 'preparing the images',
  services: 'starting the services',
  install: "installing the app's dependencies",
  appStart: 'starting the app',
  tests: 'running the tests',
  teardown: 'cleaning up',
};

export function describePhase(phase: Phase): string {
  return PHASE_ACTIVITY[phase];
}

type RunError = NonNullable<GradeResult['error']>;

/** Said of a sandbox limit, so a learner neither hunts for a bug nor keeps resubmitting. */
export const SANDBOX_NOTE = 'This is not a fault in your code, and grading it again will not help.';

/**
 * Why a run stopped, as a headline. For a limit of the grading sandbox, whose limit it was matters
 * more than where it was met.
 */
export function describeStop(error: Pick<RunError, 'phase' | 'cause'>): string {
  if (error.cause === 'sandbox')
    return `Could not grade: a limit of the grading sandbox (met while ${describePhase(error.phase)})`;
  return `Grading stopped while ${describePhase(error.phase)}`;
}
