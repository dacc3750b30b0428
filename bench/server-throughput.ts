/**
 * Throughput of the submission server: 10 submissions of the login-system solution (each with a
 * file of its own, so none is a duplicate) to `backlab serve --workers 2`, timed from the first
 * upload to the last result, with the server's peak memory. The baseline, measured in the same
 * run, is one warm grade in this process: two workers on two cores at best grade two at a time.
 * Run with `npm run bench` (BENCH_SUBMISSIONS, BENCH_WORKERS to change).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../runner/common/poll';
import { packFolder } from '../runner/cli/remote/pack-folder';
import { ServerClient } from '../runner/cli/remote/server-client';
import { CLI, line, repoLab, requirePass, seconds, timedGrade } from './bench-support';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 10);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const LAB = 'login-system';

interface Server {
  url: string;
  token: string;
  child: ChildProcess;
}

function startServer(dataDir: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--data', dataDir, '--workers', String(WORKERS), '--rate', '1000/1m'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`backlab serve exited with ${code}:\n${stdout}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      const token = /^\s+(blt_\S+)$/m.exec(stdout)?.[1];
      if (url && token) resolve({ url, token, child });
    });
  });
}

/** The server's peak resident memory so far (VmHWM), in MiB. */
async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024;
}

async function uploadAll(client: ServerClient, scratch: string, solution: string): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < SUBMISSIONS; n++) {
    const folder = join(scratch, `learner-${n}`);
    await cp(solution, folder, { recursive: true });
    await writeFile(join(folder, 'NOTES.md'), `submission ${n}\n`);
    const { archive } = await packFolder(folder);
    ids.push((await client.upload(LAB, archive, `bench-${n}-${Date.now()}`, () => {})).id);
  }
  return ids;
}

async function waitForAll(client: ServerClient, ids: string[]): Promise<void> {
  for (const id of ids) {
    for (;;) {
      const submission = await client.submission(id);
      if (submission.status === 'error') throw new Error(`${id} could not be graded: ${submission.error}`);
      if (submission.status === 'graded') {
        requirePass(id, submission.result as Parameters<typeof requirePass>[1]);
        break;
      }
      await sleep(250);
    }
  }
}

async function main(): Promise<void> {
  const lab = await repoLab(LAB);
  requirePass('warm-up', (await timedGrade(lab)).result);
  const single = await timedGrade(lab);
  const scratch = await mkdtemp(join(tmpdir(), 'backlab-bench-server-'));
  const server = await startServer(join(scratch, 'data'));
  try {
    const client = new ServerClient(server.url, server.token);
    const started = Date.now();
    await waitForAll(client, await uploadAll(client, scratch, lab.solutionDir));
    const elapsed = Date.now() - started;
    const perMinute = (SUBMISSIONS * 60_000) / elapsed;
    console.log(
      `Submission server on ${cpus().length} cores, ${SUBMISSIONS} submissions, --workers ${WORKERS}`,
    );
    line('all graded in', seconds(elapsed));
    line('grades per minute (target ≥ 12)', perMinute.toFixed(1));
    line('baseline: one grade alone, wall time', seconds(single.wallMs));
    line('ratio to one grade at a time', `${(perMinute / (60_000 / single.wallMs)).toFixed(2)}×`);
    line("server's peak resident memory", `${(await peakRssMiB(server.child.pid!)).toFixed(0)} MiB`);
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
