import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from '../../support/cli';
import { freePort } from '../../support/ports';

export { freePort };

export interface ServerProcess {
  url: string;
  /** Printed on the first start of a data folder only. */
  instructorToken?: string;
  process: ChildProcess;
  stderr: () => string;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
}

/** Starts `backlab serve` as a separate process on 127.0.0.1 and waits until it listens. */
export function startServerProcess(
  dataDir: string,
  port: number,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--host', '127.0.0.1', '--port', String(port), '--data', dataDir, ...args],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`backlab serve did not start within 20 s:\n${stdout}\n${stderr}`));
    }, 20_000);
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (!listening) return;
      clearTimeout(timer);
      const token = /^\s+(blt_\S+)$/m.exec(stdout)?.[1];
      resolve({ url: listening[1], instructorToken: token, process: child, stderr: () => stderr, exited });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`backlab serve exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
}

/** kill -9: no shutdown hooks, no lease handed back, containers left running. */
export async function killHard(server: Pick<ServerProcess, 'process' | 'exited'>): Promise<void> {
  server.process.kill('SIGKILL');
  await server.exited;
}

export async function stopGracefully(server: Pick<ServerProcess, 'process' | 'exited'>): Promise<void> {
  server.process.kill('SIGTERM');
  await server.exited;
}

export interface WorkerProcess {
  process: ChildProcess;
  /** Its JSON log lines so far. */
  log: () => string;
  exited: Promise<void>;
}

/** Starts `backlab worker` as a separate process and waits until it says it grades. */
export function startWorkerProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [CLI, 'worker', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`backlab worker did not start within 20 s:\n${stdout}\n${stderr}`));
    }, 20_000);
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!/backlab worker \S+ grading/.test(stdout)) return;
      clearTimeout(timer);
      resolve({ process: child, log: () => stderr, exited });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`backlab worker exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
}
