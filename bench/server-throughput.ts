/**
 * Throughput of the submission server: 10 submissions of the login-system solution (each with a
 * file of its own, so none is a duplicate) to `backlab serve --workers 2`, timed from the first
 * upload to the last result, with the server's peak memory. The baseline, measured in the same
 * run, is one warm grade in this process: two workers on two cores at best grade two at a time.
 * The CPU time that grade costs the whole machine gives the most any number of workers can reach
 * on these cores.
 * Run with `npm run bench` (BENCH_SUBMISSIONS, BENCH_WORKERS to change).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerClient } from '../runner/cli/remote/server-client';
import { line, machineBusyMs, repoLab, requirePass, seconds, timedGrade } from './bench-support';
import { peakRssMiB, startBenchServer, stopProcess, uploadCopies, waitForAll } from './server-support';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 10);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const LAB = 'login-system';

async function main(): Promise<void> {
  const lab = await repoLab(LAB);
  // The server grades with the hidden tests too, and so does its baseline.
  requirePass('warm-up', (await timedGrade(lab, { hidden: true })).result);
  const busyBefore = machineBusyMs();
  const single = await timedGrade(lab, { hidden: true });
  const cpuPerGradeMs = machineBusyMs() - busyBefore;
  const scratch = await mkdtemp(join(tmpdir(), 'backlab-bench-server-'));
  const server = await startBenchServer(join(scratch, 'data'), ['--workers', String(WORKERS)]);
  try {
    const client = new ServerClient(server.url, server.token);
    const started = Date.now();
    await waitForAll(client, await uploadCopies(client, LAB, lab.solutionDir, scratch, SUBMISSIONS));
    const elapsed = Date.now() - started;
    const perMinute = (SUBMISSIONS * 60_000) / elapsed;
    console.log(
      `Submission server on ${cpus().length} cores, ${SUBMISSIONS} submissions, --workers ${WORKERS}`,
    );
    line('all graded in', seconds(elapsed));
    line('grades per minute (target ≥ 12)', perMinute.toFixed(1));
    line('baseline: one grade alone (hidden tests too), wall time', seconds(single.wallMs));
    line('ratio to one grade at a time', `${(perMinute / (60_000 / single.wallMs)).toFixed(2)}×`);
    line('CPU time of that grade (whole machine, every container)', seconds(cpuPerGradeMs));
    const bound = (cpus().length * 60_000) / cpuPerGradeMs;
    line(`so at most, on ${cpus().length} cores`, `${bound.toFixed(1)} grades/min`);
    line("server's peak resident memory", `${(await peakRssMiB(server.child.pid!)).toFixed(0)} MiB`);
  } finally {
    await stopProcess(server.child);
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
