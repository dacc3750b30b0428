import type { Progress, ProgressStep } from '../../common/progress';
import type { OutputStream } from './output-stream';
import { cleanDetail, type Colors, failedLine, infoLine, succeededLine, warnLine } from './step-lines';

export interface LineProgressOptions {
  stream: OutputStream;
  colors: Colors;
  /** Least time between two update lines of one step; logs stay readable during long builds. */
  updateIntervalMs: number;
  now: () => number;
}

/**
 * Progress for CI logs and pipes: whole lines only, never cursor movement. One line when a step
 * starts, one when it ends, and in between at most one update line per interval.
 */
export class LineProgress implements Progress {
  constructor(private readonly opts: LineProgressOptions) {}

  step(title: string): ProgressStep {
    const { colors: c, now, updateIntervalMs } = this.opts;
    const started = now();
    let lastUpdate = started;
    let done = false;
    this.write(`${c.dim('▸')} ${title}…`);
    return {
      update: (detail) => {
        const line = cleanDetail(detail);
        if (done || !line || now() - lastUpdate < updateIntervalMs) return;
        lastUpdate = now();
        this.write(c.dim(`  ${title}… ${line}`));
      },
      succeed: (detail) => {
        if (done) return;
        done = true;
        this.write(succeededLine(c, title, detail, now() - started));
      },
      fail: (detail) => {
        if (done) return;
        done = true;
        this.write(failedLine(c, title, detail));
      },
    };
  }

  info(message: string): void {
    this.write(infoLine(message));
  }

  warn(message: string): void {
    this.write(warnLine(this.opts.colors, message));
  }

  private write(line: string): void {
    this.opts.stream.write(`${line}\n`);
  }
}
