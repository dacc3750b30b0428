/**
 * How long-running work reports itself. The engine calls these; front ends decide how to show
 * them (a spinner on a terminal, lines in CI, nothing under --json).
 */
export interface Progress {
  /** Starts a step; the returned handle finishes it. */
  step(title: string): ProgressStep;
  /** A line of information that is not a step. */
  info(message: string): void;
  warn(message: string): void;
}

export interface ProgressStep {
  update(detail: string): void;
  succeed(detail?: string): void;
  fail(detail?: string): void;
}

/** For callers that show nothing (--json, tests). */
export const silentProgress: Progress = {
  step: () => ({ update() {}, succeed() {}, fail() {} }),
  info() {},
  warn() {},
};
