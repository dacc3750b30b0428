import { execFile } from 'node:child_process';

export interface Sample {
  at: number;
  ms: number;
  /** Set when `docker ps` failed or had to be killed. */
  failure?: string;
}

/**
 * Runs `docker ps` over and over in the background, one at a time, and keeps how long each took:
 * a learner's app must not be able to make the engine (and with it every other grade) unresponsive.
 */
export class DockerPsSampler {
  readonly samples: Sample[] = [];
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly intervalMs = 1000,
    private readonly killAfterMs = 15000,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        this.samples.push(await this.once());
        await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  slowerThan(ms: number, from = 0, to = Infinity): Sample[] {
    return this.samples.filter((s) => (s.ms > ms || s.failure) && s.at + s.ms >= from && s.at <= to);
  }

  private once(): Promise<Sample> {
    const at = Date.now();
    return new Promise((resolve) => {
      execFile('docker', ['ps', '-q'], { timeout: this.killAfterMs }, (err) => {
        const ms = Date.now() - at;
        resolve(err ? { at, ms, failure: err.killed ? 'killed (no answer)' : err.message } : { at, ms });
      });
    });
  }
}
