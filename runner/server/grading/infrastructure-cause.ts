import type { GradeResult } from '../../grading/result';

/**
 * Phases whose failure is the machine's, not the learner's: images missing, service containers
 * (MySQL, nginx) that would not start, Docker objects that would not go away.
 */
const MACHINE_PHASES = new Set(['images', 'services', 'teardown']);

/**
 * Why a result says nothing about the learner's code and is worth retrying, or undefined when it
 * is final: a real grade, the learner's error, or a limit of the grading sandbox (cause sandbox),
 * which a retry would meet again. The engine says whose failure it was; results without that
 * field fall back to the phase.
 */
export function infrastructureCause(result: GradeResult): string | undefined {
  if (result.status !== 'error' || !result.error) return undefined;
  const cause = result.error.cause;
  const machine = cause ? cause === 'infrastructure' : MACHINE_PHASES.has(result.error.phase);
  return machine ? `${result.error.phase}: ${result.error.message}` : undefined;
}
