import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { sleep } from '../common/poll';
import type { ShutdownHooks } from '../common/shutdown';
import type { DockerClient } from '../docker/docker-client';
import { makeRunFolder } from '../docker/run-folders';
import { openScaleOutBackends, type ScaleOutUrls } from './backends';
import { withCachedReadiness } from './grading/cached-readiness';
import { DockerGrader } from './grading/docker-grader';
import type { Grader } from './grading/grader';
import { WorkerPool } from './grading/worker-pool';
import { LabRegistry } from './lab-registry';
import type { ServerLog } from './server-log';
import type { UploadLimits } from './uploads/upload-limits';

export interface WorkerOptions {
  urls: ScaleOutUrls;
  /** The data folder the API servers keep archives in (shared storage); runs/ is written there. */
  dataDir: string;
  labsDir: string;
  /** Grades this process runs at the same time. */
  workers: number;
  uploadLimits: UploadLimits;
  leaseMs: number;
  docker: DockerClient;
  hooks: ShutdownHooks;
  runtime?: string;
  log: ServerLog;
  maxInfraFailures?: number;
  retryDelayMs?: (failures: number) => number;
  /** Tests replace the Docker grader. */
  grader?: Grader;
  drainTimeoutMs?: number;
}

export interface RunningWorker {
  id: string;
  /** Stops claiming; grades in progress go back to the queue; then closes the connections. */
  close(): Promise<void>;
}

/**
 * `backlab worker`: grading workers without HTTP, on any machine with Docker, taking jobs from
 * BullMQ and recording outcomes in PostgreSQL. Several may run per host; each is one process with
 * its own id, its own work folder and its own containers (labelled with its pid and host).
 */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const dataDir = resolve(opts.dataDir);
  const labs = await LabRegistry.load(opts.labsDir);
  for (const broken of labs.broken)
    opts.log.warn('lab not loaded', { lab: broken.id, problems: broken.errors.length });
  const backends = await openScaleOutBackends(opts.urls, {
    leaseMs: opts.leaseMs,
    log: opts.log,
    role: 'worker',
  });
  // Private to this process: uploads are unpacked here, never on the shared storage. A run folder,
  // so that what a killed worker left is removed by the next backlab process's orphan sweep.
  const work = await makeRunFolder('worker');
  const workRoot = work.dir;
  const grader = withCachedReadiness(
    opts.grader ??
      new DockerGrader({
        docker: opts.docker,
        hooks: opts.hooks,
        ...(opts.runtime ? { runtime: opts.runtime } : {}),
      }),
    5000,
  );
  const id = `${hostname()}:${process.pid}`;
  const pool = new WorkerPool(
    {
      store: backends.store,
      queue: backends.queue,
      hub: backends.hub,
      grader,
      labs,
      log: opts.log,
      dataDir,
      workRoot,
      uploadLimits: opts.uploadLimits,
      leaseMs: opts.leaseMs,
      maxInfraFailures: opts.maxInfraFailures ?? 3,
      retryDelayMs: opts.retryDelayMs ?? ((failures: number) => failures * 10_000),
    },
    { workers: opts.workers, instanceId: id },
  );
  pool.start();
  opts.log.info('worker started', {
    worker: id,
    workers: opts.workers,
    labs: labs.list().map((lab) => ({ id: lab.id, hash: labs.hashOf(lab.id) })),
  });

  let closing: Promise<void> | undefined;
  return {
    id,
    close: () =>
      (closing ??= (async () => {
        await pool.stop();
        await Promise.race([pool.drained(), sleep(opts.drainTimeoutMs ?? 10_000)]);
        await backends.close();
        await work.dispose();
        opts.log.info('worker stopped', { worker: id });
      })()),
  };
}
