import { UserError } from '../../common/errors';
import { DockerodeClient } from '../../docker/dockerode-client';
import { jsonLinesLog } from '../../server/server-log';
import { startWorker } from '../../server/start-worker';
import type { CliContext } from '../cli-context';
import { dataDirOf, duration, integer, scaleOutUrls, uploadLimitsOf, type UploadLimitOptions } from './serve';

export interface WorkerCommandOptions extends UploadLimitOptions {
  queue?: string;
  store?: string;
  data?: string;
  workers: string;
  lease: string;
  runtime?: string;
}

/** `backlab worker`: grades jobs of a scale-out server on this machine's Docker, until a signal. */
export async function worker(ctx: CliContext, opts: WorkerCommandOptions): Promise<number> {
  const urls = scaleOutUrls(opts);
  if (!urls)
    throw new UserError(
      "a worker needs the server's queue and store",
      'Give --queue redis://HOST:6379 and --store postgres://USER@HOST/DB (or BACKLAB_QUEUE_URL and BACKLAB_STORE_URL), the same as `backlab serve` was given.',
    );
  const workers = integer('--workers', opts.workers, 1, 64);
  const running = await startWorker({
    urls,
    dataDir: dataDirOf(ctx, opts.data),
    labsDir: ctx.labsDir,
    workers,
    uploadLimits: uploadLimitsOf(opts),
    leaseMs: duration('--lease', opts.lease),
    docker: new DockerodeClient(),
    hooks: ctx.hooks,
    ...((opts.runtime ?? ctx.runtime) ? { runtime: opts.runtime ?? ctx.runtime } : {}),
    log: jsonLinesLog(),
  });
  ctx.hooks.add(() => running.close());
  ctx.out(`backlab worker ${running.id} grading (${workers} at a time); Ctrl-C stops it`);
  // Runs until a signal: the CLI's handler closes the worker through the shutdown hook.
  return new Promise<number>(() => undefined);
}
