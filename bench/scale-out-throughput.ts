/**
 * Throughput of the scale-out mode: an API server with no workers of its own, BullMQ on Redis and
 * the store on PostgreSQL (servers of its own, from Debian's packages, on 127.0.0.1), and
 * `backlab worker` processes on this machine's Docker engine. The same submissions are graded
 * with one worker process, then with two, in the same run: the ratio is what a second worker
 * (on a second machine, a second core here) adds. Run with `npm run bench:scale`
 * (BENCH_SUBMISSIONS to change; 6 by default).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerClient } from '../runner/cli/remote/server-client';
import { startPostgres, startRedis } from '../tests/support/local-servers';
import { CLI, line, repoLab, seconds } from './bench-support';
import { startBenchServer, stopProcess, uploadCopies, waitForAll } from './server-support';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 6);
const LAB = 'login-system';

function startWorker(dataDir: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'worker', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`backlab worker exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (/backlab worker \S+ grading/.test(chunk.toString())) resolve(child);
    });
  });
}

/** Grades per minute of SUBMISSIONS uploads with `workers` worker processes. */
async function measure(
  client: ServerClient,
  dataDir: string,
  env: NodeJS.ProcessEnv,
  workers: number,
  scratch: string,
  solution: string,
  submissions = SUBMISSIONS,
): Promise<number> {
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(dataDir, env)));
  try {
    const started = Date.now();
    await waitForAll(client, await uploadCopies(client, LAB, solution, scratch, submissions));
    const elapsed = Date.now() - started;
    line(
      `${submissions} with ${workers} worker process${workers > 1 ? 'es' : ''}: all graded in`,
      seconds(elapsed),
    );
    return (submissions * 60_000) / elapsed;
  } finally {
    await Promise.all(children.map(stopProcess));
  }
}

async function main(): Promise<void> {
  const lab = await repoLab(LAB);
  const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  const scratch = await mkdtemp(join(tmpdir(), 'backlab-bench-scale-'));
  const dataDir = join(scratch, 'data');
  const env = { BACKLAB_QUEUE_URL: redis.url, BACKLAB_STORE_URL: postgres.url };
  const server = await startBenchServer(dataDir, ['--workers', '0'], env);
  try {
    const client = new ServerClient(server.url, server.token);
    console.log(
      `Scale-out mode on ${cpus().length} cores, ${SUBMISSIONS} submissions of ${LAB} per measurement`,
    );
    // A first grade fills the dependency cache, so both measurements are warm.
    await measure(client, dataDir, env, 1, scratch, lab.solutionDir, 1);
    const one = await measure(client, dataDir, env, 1, scratch, lab.solutionDir);
    const two = await measure(client, dataDir, env, 2, scratch, lab.solutionDir);
    line('baseline: grades per minute, 1 worker', one.toFixed(1));
    line('grades per minute, 2 workers', two.toFixed(1));
    line('ratio, 2 workers to 1', `${(two / one).toFixed(2)}×`);
  } finally {
    await stopProcess(server.child);
    await Promise.all([redis.remove(), postgres.remove()]);
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
