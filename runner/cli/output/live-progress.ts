import type { Progress, ProgressStep } from '../../common/progress';
import { truncate } from '../../grading/reporters/plain-text';
import type { OutputStream } from './output-stream';
import { cleanDetail, type Colors, failedLine, infoLine, succeededLine, warnLine } from './step-lines';

export interface LiveProgressOptions {
  stream: OutputStream;
  colors: Colors;
  now: () => number;
  frameIntervalMs?: number;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const CURSOR_UP = (lines: number) => `\u001B[${lines}A`;
const CLEAR_TO_END = '\u001B[0J';

interface LiveStep {
  title: string;
  detail: string;
  started: number;
}

/**
 * Progress on a terminal: each running step is a spinner line redrawn in place; a finished step
 * becomes a permanent ✔/✘ line above the ones still running. Steps may run concurrently.
 */
export class LiveProgress implements Progress {
  private readonly running: LiveStep[] = [];
  /** Lines of the spinner block currently on screen, erased before each redraw. */
  private drawnLines = 0;
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: LiveProgressOptions) {}

  step(title: string): ProgressStep {
    const step: LiveStep = { title, detail: '', started: this.opts.now() };
    this.running.push(step);
    this.startSpinner();
    this.redraw();
    let done = false;
    const finish = (line: string) => {
      if (done) return;
      done = true;
      this.running.splice(this.running.indexOf(step), 1);
      this.redraw([line]);
      if (this.running.length === 0) this.stopSpinner();
    };
    return {
      update: (detail) => {
        if (done) return;
        step.detail = cleanDetail(detail);
        this.redraw();
      },
      succeed: (detail) =>
        finish(succeededLine(this.opts.colors, title, detail, this.opts.now() - step.started)),
      fail: (detail) => finish(failedLine(this.opts.colors, title, detail)),
    };
  }

  info(message: string): void {
    this.redraw([infoLine(message)]);
  }

  warn(message: string): void {
    this.redraw([warnLine(this.opts.colors, message)]);
  }

  /**
   * Erases the spinner block, writes `permanent` lines, then draws the block again below them. It
   * starts at the left edge: the terminal echoes ^C after the block, and moving up keeps the column.
   */
  private redraw(permanent: string[] = []): void {
    const erase = `\r${this.drawnLines > 0 ? CURSOR_UP(this.drawnLines) : ''}${CLEAR_TO_END}`;
    const live = this.running.map((step) => this.spinnerLine(step));
    this.drawnLines = live.length;
    const lines = [...permanent, ...live];
    this.opts.stream.write(erase + lines.map((line) => `${line}\n`).join(''));
  }

  /** One screen row: longer lines would wrap and break the count of rows to erase. */
  private spinnerLine(step: LiveStep): string {
    const c = this.opts.colors;
    const width = Math.max(20, (this.opts.stream.columns ?? 80) - 1);
    const spinner = FRAMES[this.frame % FRAMES.length];
    const head = truncate(`${step.title}…`, width - 2);
    const room = width - 2 - head.length - 1;
    const detail = step.detail && room > 3 ? ` ${c.dim(truncate(step.detail, room))}` : '';
    return `${c.cyan(spinner)} ${head}${detail}`;
  }

  private startSpinner(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.frame += 1;
      this.redraw();
    }, this.opts.frameIntervalMs ?? 80);
    // A spinner must never keep the process alive on its own.
    this.timer.unref();
  }

  private stopSpinner(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
