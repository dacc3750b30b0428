/**
 * The small error set every front end understands. A UserError is something the person can fix
 * (bad input, missing image); an InfraError means the machine could not do the work (Docker down).
 * Both carry the next step to take. Anything else is a bug in backlab.
 */
export class BacklabError extends Error {
  constructor(
    message: string,
    /** What to do about it, phrased as a next step ("Run `backlab images build`."). */
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UserError extends BacklabError {}

export class InfraError extends BacklabError {}

/** A wait that ran out of time. The message names the subject and the limit. */
export class TimeoutError extends InfraError {}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
