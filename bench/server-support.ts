/** What the server benchmarks share: a `backlab serve` process, uploads and waiting for results. */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from '../runner/common/poll';
import { packFolder } from '../runner/cli/remote/pack-folder';
import type { ServerClient } from '../runner/cli/remote/server-client';
import { CLI, requirePass } from './bench-support';

export interface BenchServer {
  url: string;
  token: string;
  child: ChildProcess;
}

/** `backlab serve` on a free port with `args`; resolves once it listens and printed its token. */
export function startBenchServer(
  dataDir: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<BenchServer> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--data', dataDir, '--rate', '1000/1m', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
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

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** A process's peak resident memory so far (VmHWM), in MiB. */
export async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024;
}

/** `count` copies of `solution`, each with a file of its own (so none is a duplicate), uploaded. */
export async function uploadCopies(
  client: ServerClient,
  lab: string,
  solution: string,
  scratch: string,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const folder = join(scratch, `learner-${n}-${Date.now()}`);
    await cp(solution, folder, { recursive: true });
    await writeFile(join(folder, 'NOTES.md'), `submission ${n}\n`);
    const { archive } = await packFolder(folder);
    ids.push((await client.upload(lab, archive, `bench-${n}-${Date.now()}`, () => {})).id);
  }
  return ids;
}

/** Waits until every submission is graded, and checks that each passed. */
export async function waitForAll(client: ServerClient, ids: string[]): Promise<void> {
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
