export type AppFailure =
  'setup' | 'exited' | 'out-of-memory' | 'wrong-port' | 'localhost-only' | 'no-answer' | 'unhealthy';

/** The learner's app could not be brought up for grading; the message says why in their terms. */
export class AppNotReadyError extends Error {
  constructor(
    readonly reason: AppFailure,
    message: string,
    readonly hint: string,
    readonly logTail = '',
  ) {
    super(message);
  }
}
