import pc from 'picocolors';
import type { Progress } from '../../common/progress';
import { shouldUseColor } from './color';
import { LineProgress } from './line-progress';
import { LiveProgress } from './live-progress';
import type { OutputStream } from './output-stream';

export interface TerminalProgressOptions {
  /** Where progress goes; stderr by default, so stdout stays clean for results and --json. */
  stream?: OutputStream;
  /** Defaults to the stream's own isTTY. */
  isTTY?: boolean;
  /** Defaults to shouldUseColor (NO_COLOR, FORCE_COLOR, TTY). */
  color?: boolean;
  /** Without a TTY: least time between two update lines of a step. */
  updateIntervalMs?: number;
  now?: () => number;
}

const DEFAULT_UPDATE_INTERVAL_MS = 5000;

/** Progress for a person: spinners on a terminal, plain lines in CI logs and pipes. */
export function createTerminalProgress(opts: TerminalProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const isTTY = opts.isTTY ?? stream.isTTY === true;
  const colors = pc.createColors(opts.color ?? shouldUseColor(isTTY));
  const now = opts.now ?? (() => Date.now());
  if (isTTY) return new LiveProgress({ stream, colors, now });
  return new LineProgress({
    stream,
    colors,
    now,
    updateIntervalMs: opts.updateIntervalMs ?? DEFAULT_UPDATE_INTERVAL_MS,
  });
}
