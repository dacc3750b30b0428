import { silentProgress, type Progress, type ProgressStep } from '../../common/progress';

/**
 * The Progress the engine gets, in front of the display. On Ctrl-C the work goes on in the
 * background until teardown removes what it waits on, and what it reports then (stages failing
 * one after another, its own teardown finding nothing left) is not news: `interrupt()` ends every
 * step on screen as interrupted, so no spinner is left behind, and drops whatever comes after.
 */
export class InterruptibleProgress implements Progress {
  private readonly open = new Set<ProgressStep>();
  private interrupted = false;

  constructor(private readonly display: Progress) {}

  step(title: string): ProgressStep {
    if (this.interrupted) return silentProgress.step(title);
    const step = this.display.step(title);
    this.open.add(step);
    const end = (finish: (detail?: string) => void) => (detail?: string) => {
      if (this.open.delete(step)) finish(detail);
    };
    return {
      update: (detail) => {
        if (this.open.has(step)) step.update(detail);
      },
      succeed: end((detail) => step.succeed(detail)),
      fail: end((detail) => step.fail(detail)),
    };
  }

  info(message: string): void {
    if (!this.interrupted) this.display.info(message);
  }

  warn(message: string): void {
    if (!this.interrupted) this.display.warn(message);
  }

  /** Ends the steps on screen as interrupted; returns the display, for the shutdown's own lines. */
  interrupt(): Progress {
    this.interrupted = true;
    for (const step of this.open) step.fail('interrupted');
    this.open.clear();
    return this.display;
  }
}
