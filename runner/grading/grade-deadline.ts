import type { Lab } from '../lab';
import { DEFAULT_SERVICE_TIMEOUT_MS } from '../services/environment';

/** Between and around the phases: resets, probes of the app, reading reports, teardown. */
const SLACK_PER_STAGE_MS = 30_000;
const SLACK_PER_GRADE_MS = 60_000;

/**
 * The most a whole grade may take. Every phase has its own limit (services, install and build,
 * the app's start with its one extension for a busy starter, each stage); this adds them up with
 * slack. It is a backstop: a grade that reaches it found a wait that none of those limits bound.
 */
export function gradeDeadlineMs(lab: Lab, stageCount: number): number {
  const install = lab.app ? 2 * lab.limits.installTimeoutMs : 0;
  const appStart = lab.app ? 2 * lab.app.ready.timeoutMs * lab.app.instances : 0;
  const stages = stageCount * (lab.limits.stageTimeoutMs + SLACK_PER_STAGE_MS);
  return DEFAULT_SERVICE_TIMEOUT_MS + install + appStart + stages + SLACK_PER_GRADE_MS;
}
