import { BacklabError, errorMessage } from '../common/errors';
import { NotReadyError } from '../docker/start-container';
import { AppNotReadyError } from '../sandbox/app-not-ready-error';
import { AppSetupError } from '../sandbox/package-json';
import type { GradeResult, Phase } from './result';

/** Why a run could not be graded, in the terms of the result document. */
export type RunError = NonNullable<GradeResult['error']>;

/** Maps whatever stopped a run to a phase, a message and a next step. */
export function toRunError(phase: Phase, err: unknown): RunError {
  if (err instanceof AppNotReadyError || err instanceof AppSetupError) {
    return { phase, message: err.message, hint: err.hint };
  }
  if (err instanceof NotReadyError) {
    return {
      phase,
      message: err.message,
      hint: 'This is a problem of the lab or the machine, not of your code. Run `backlab doctor`.',
    };
  }
  if (err instanceof BacklabError) return { phase, message: err.message, hint: err.hint };
  return {
    phase,
    message: `unexpected failure: ${errorMessage(err)}`,
    hint: 'This is a bug in backlab; please report it with the output of `backlab doctor --json`.',
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
