import { errorMessage } from '../../common/errors';
import { withTimeout } from '../../common/poll';
import type { Progress } from '../../common/progress';
import type { ShutdownHooks } from '../../common/shutdown';
import { removeRun, sweepOrphans } from '../../docker/cleanup';
import type { DockerClient } from '../../docker/docker-client';
import { imageStatus } from '../../docker/images';
import { grade } from '../../grading/grade';
import type { GradeOutcome, Grader, GraderJob, GraderReadiness } from './grader';
import { infrastructureCause } from './infrastructure-cause';
import { trackRuns } from './run-tracker';
import { removedCounts } from '../../common/units';

export interface DockerGraderOptions {
  docker: DockerClient;
  /** Running environments register their teardown here, so a stopping server removes its containers. */
  hooks?: ShutdownHooks;
  /** Docker runtime for learners' apps (e.g. runsc). */
  runtime?: string;
}

const PING_TIMEOUT_MS = 3000;

/** The real grader: backlab's engine on the local Docker engine, hidden tests included. */
export class DockerGrader implements Grader {
  constructor(private readonly opts: DockerGraderOptions) {}

  async readiness(): Promise<GraderReadiness> {
    const { docker } = this.opts;
    let pingError = 'no answer within 3 s';
    const version = await withTimeout(
      docker.version().catch((err: unknown) => {
        pingError = errorMessage(err).split('\n')[0];
        return undefined;
      }),
      PING_TIMEOUT_MS,
    );
    if (!version) {
      return {
        ready: false,
        reason: `Docker is not reachable (${pingError}); submissions wait until it is`,
        docker: { reachable: false, error: pingError },
        images: [],
      };
    }
    const images = (await imageStatus(docker)).map((i) => ({ ref: i.ref, state: i.state }));
    const notReady = images.filter((i) => i.state !== 'ready');
    return {
      ready: notReady.length === 0,
      ...(notReady.length
        ? {
            reason: `images not ready: ${notReady.map((i) => `${i.ref} (${i.state})`).join(', ')}; run \`backlab images build\` on the server`,
          }
        : {}),
      docker: { reachable: true, version: version.version },
      images,
    };
  }

  async recover(): Promise<string | undefined> {
    const swept = await sweepOrphans(this.opts.docker);
    if (!swept.runs.length) return undefined;
    return `removed what ${swept.runs.length} interrupted run(s) left behind: ${removedCounts(swept)}`;
  }

  async grade(job: GraderJob, progress: Progress, signal: AbortSignal): Promise<GradeOutcome> {
    const tracked = trackRuns(this.opts.docker, signal);
    // Removing the run's containers makes the engine's next Docker call fail, which ends the grade.
    const stop = () => void this.removeRuns(tracked.runIds());
    signal.addEventListener('abort', stop, { once: true });
    try {
      const result = await grade(
        { docker: tracked.docker, progress, hooks: this.opts.hooks },
        {
          lab: job.lab,
          submissionDir: job.submissionDir,
          hidden: true,
          workspace: job.submissionId,
          runDir: job.runDir,
          ...(this.opts.runtime ? { runtime: this.opts.runtime } : {}),
        },
      );
      const cause = infrastructureCause(result);
      return cause ? { kind: 'infrastructure', cause, runIds: tracked.runIds() } : { kind: 'graded', result };
    } catch (err) {
      // Docker went away mid-grade: the engine's teardown failed with it and its containers stay.
      return { kind: 'infrastructure', cause: errorMessage(err), runIds: tracked.runIds() };
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  private async removeRuns(runIds: string[]): Promise<void> {
    await Promise.all(runIds.map((runId) => removeRun(this.opts.docker, runId).catch(() => undefined)));
  }

  async removeRun(runId: string): Promise<string | undefined> {
    const removed = await removeRun(this.opts.docker, runId);
    if (removed.failures.length) throw new Error(`could not remove ${removed.failures.join('; ')}`);
    const count = removed.containers + removed.networks + removed.volumes;
    if (!count) return undefined;
    return `removed what run ${runId} left when its grade failed: ${removedCounts(removed)}`;
  }
}
