import { BacklabError, errorMessage } from '../common/errors';
import { NotReadyError } from '../docker/start-container';
import { NginxConfigError } from '../services/nginx-config-error';
import { AppNotReadyError } from '../sandbox/app-not-ready-error';
import { AppSetupError } from '../sandbox/package-json';
import type { GradeResult, Phase } from './result';

/** Why a run could not be graded, in the terms of the result document. */
export type RunError = NonNullable<GradeResult['error']>;

/**
 * Maps whatever stopped a run to a phase, a message, a next step, and whose failure it was: the
 * learner's code (it would fail the same way again), a limit of the sandbox (it would too, but it
 * is not the learner's mistake) or the machine's (worth retrying).
 */
export function toRunError(phase: Phase, err: unknown): RunError {
  if (err instanceof AppSetupError) {
    return { phase, message: err.message, hint: err.hint, cause: err.blame };
  }
  if (err instanceof AppNotReadyError) {
    return { phase, message: err.message, hint: err.hint, cause: 'submission' };
  }
  if (err instanceof NginxConfigError) {
    return {
      phase,
      message: err.message,
      hint: err.hint,
      cause: err.owner === 'submission' ? 'submission' : 'infrastructure',
    };
  }
  if (err instanceof NotReadyError) {
    return {
      phase,
      message: err.message,
      hint: 'This is a problem of the lab or the machine, not of your code. Run `backlab doctor`.',
      cause: 'infrastructure',
    };
  }
  if (err instanceof BacklabError)
    return { phase, message: err.message, hint: err.hint, cause: 'infrastructure' };
  return {
    phase,
    message: `unexpected failure: ${errorMessage(err)}`,
    hint: 'This is a bug in backlab; please report it with the output of `backlab doctor --json`.',
    cause: 'infrastructure',
  };
}

/** Remembers the phase work was in when it failed. */
export class PhaseError extends Error {
  constructor(
    readonly phase: Phase,
    readonly original: unknown,
  ) {
    super(errorMessage(original));
  }
}
