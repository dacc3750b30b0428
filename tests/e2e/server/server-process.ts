import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from '../../support/cli';
import { freePort } from '../../support/ports';

export { freePort };

/** A backlab process of the test's own: `serve` or `worker`. */
export interface CliProcess {
  process: ChildProcess;
  /** Its stderr so far: the JSON log lines. */
  stderr: () => string;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
}

export interface ServerProcess extends CliProcess {
  url: string;
  /** Printed on the first start of a data folder only. */
  instructorToken?: string;
}

/**
 * Runs `backlab <args>` and resolves once its stdout matches `ready` (with the match and the
 * stdout so far); rejects when it exits first or takes over 20 s.
 */
function startCliProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ started: CliProcess; match: RegExpExecArray; stdout: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`backlab ${args[0]} did not start within 20 s:\n${stdout}\n${stderr}`));
    }, 20_000);
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = ready.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolve({ started: { process: child, stderr: () => stderr, exited }, match, stdout });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`backlab ${args[0]} exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
}

/** Starts `backlab serve` as a separate process on 127.0.0.1 and waits until it listens. */
export async function startServerProcess(
  dataDir: string,
  port: number,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  const { started, match, stdout } = await startCliProcess(
    ['serve', '--host', '127.0.0.1', '--port', String(port), '--data', dataDir, ...args],
    env,
    /listening on (http:\/\/127\.0\.0\.1:\d+)/,
  );
  return { ...started, url: match[1], instructorToken: /^\s+(blt_\S+)$/m.exec(stdout)?.[1] };
}

/** Starts `backlab worker` as a separate process and waits until it says it grades. */
export async function startWorkerProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliProcess> {
  return (await startCliProcess(['worker', ...args], env, /backlab worker \S+ grading/)).started;
}

/** kill -9: no shutdown hooks, no lease handed back, containers left running. */
export async function killHard(running: CliProcess): Promise<void> {
  running.process.kill('SIGKILL');
  await running.exited;
}

export async function stopGracefully(running: CliProcess): Promise<void> {
  running.process.kill('SIGTERM');
  await running.exited;
}

/** Polls `check` until it gives a value (errors count as not yet), or fails naming `what`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
