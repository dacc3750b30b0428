import type { Phase } from './result';

/** Milliseconds spent per grading phase; a phase entered twice adds up. */
export class PhaseTimer {
  readonly timings: Partial<Record<Phase, number>> = {};

  async time<T>(phase: Phase, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await work();
    } finally {
      this.timings[phase] = (this.timings[phase] ?? 0) + (Date.now() - started);
    }
  }
}
