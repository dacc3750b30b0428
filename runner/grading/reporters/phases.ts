import type { Phase } from '../result';

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
