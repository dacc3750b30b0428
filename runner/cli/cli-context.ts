import type { Progress } from '../common/progress';
import type { ShutdownHooks } from '../common/shutdown';
import type { SweepReport } from '../docker/cleanup';
import type { DockerClient } from '../docker/docker-client';

/** Everything a command needs from the outside world, passed in so commands stay plain functions. */
export interface CliContext {
  cwd: string;
  /** Where the lab catalogue lives (the shipped labs/ unless BACKLAB_LABS_DIR says otherwise). */
  labsDir: string;
  /** Connects on first use: commands that need no Docker never touch it. */
  docker: () => Promise<DockerClient>;
  /** What the sweep of dead runs removed when Docker was first used. */
  sweptOnConnect: () => SweepReport | undefined;
  progress: Progress;
  hooks: ShutdownHooks;
  /** Results and --json documents: stdout. */
  out: (text: string) => void;
  /** Docker runtime for learner apps (BACKLAB_RUNTIME, e.g. gVisor's "runsc"); the default runtime when unset. */
  runtime?: string;
  /** Whether stdout is a colour terminal. */
  color: boolean;
  /** Columns of the terminal on stdout, which reports wrap to; undefined for pipes and files. */
  width?: number;
}

/** Exit codes that mean something to scripts: pass / fail / could not grade or bad usage. */
export const EXIT = { ok: 0, fail: 1, error: 2 } as const;
