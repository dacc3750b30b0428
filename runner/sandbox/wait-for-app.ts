import { sleep } from '../common/poll';
import type { DockerClient } from '../docker/docker-client';
import { AppNotReadyError } from './app-not-ready-error';
import { parseProcNetTcp, type Listener } from './listening-ports';
import { nodeCrashExcerpt } from './log-excerpt';

export interface AppReadiness {
  port: number;
  /** The app's address on the run's network: the HTTP check goes where the tests will go. */
  address: string;
  http?: { method: string; path: string };
  timeoutMs: number;
  memoryBytes: number;
  /** How long a listener on the wrong port or address may stand before it is reported. */
  graceMs?: number;
}

/**
 * Waits until the app listens on PORT on every interface (and, if the lab asks, answers its
 * health check with 2xx). Along the way it tells apart what learners get wrong: the app exited,
 * ran out of memory, listens on another port, or binds 127.0.0.1 only.
 */
export async function waitForApp(
  docker: DockerClient,
  containerId: string,
  opts: AppReadiness,
): Promise<void> {
  const started = Date.now();
  const grace = opts.graceMs ?? 3000;
  let firstListenAt: number | undefined;
  let lastHttp = '';
  for (;;) {
    const state = await docker.inspectContainer(containerId);
    if (!state.running)
      throw await exitedError(docker, containerId, state.exitCode, state.oomKilled, opts.memoryBytes);

    const listeners = await readListeners(docker, containerId);
    const onPort = listeners.filter((l) => l.port === opts.port);
    if (onPort.some((l) => l.wildcard)) {
      if (!opts.http) return;
      const answer = await httpCheck(docker, containerId, opts);
      if (/^2\d\d$/.test(answer)) return;
      lastHttp = answer;
    } else if (listeners.length) {
      firstListenAt ??= Date.now();
      if (Date.now() - firstListenAt >= grace) throw wrongListenerError(listeners, opts.port);
    }

    if (Date.now() - started >= opts.timeoutMs) throw await timeoutError(docker, containerId, opts, lastHttp);
    await sleep(200);
  }
}

/** Docker's embedded DNS resolver listens inside every container on a user network; it is not the app. */
const DOCKER_DNS = '127.0.0.11';

async function readListeners(docker: DockerClient, id: string): Promise<Listener[]> {
  const result = await docker.exec(id, ['cat', '/proc/net/tcp', '/proc/net/tcp6']);
  return parseProcNetTcp(result.stdout).filter((l) => l.address !== DOCKER_DNS);
}

/** Status code as text, or "ERR reason" when no HTTP answer came. */
async function httpCheck(docker: DockerClient, id: string, opts: AppReadiness): Promise<string> {
  const url = `http://${opts.address}:${opts.port}${opts.http!.path}`;
  const script = `fetch(${JSON.stringify(url)},{method:${JSON.stringify(opts.http!.method)},signal:AbortSignal.timeout(2000)}).then(r=>process.stdout.write(String(r.status)),e=>process.stdout.write('ERR '+(e.cause?.code||e.message)))`;
  const result = await docker.exec(id, ['node', '-e', script]);
  return result.stdout.trim() || `ERR ${result.stderr.trim().split('\n')[0]}`;
}

function wrongListenerError(listeners: Listener[], port: number): AppNotReadyError {
  const localOnly = listeners.filter((l) => l.port === port && l.loopback);
  if (localOnly.length) {
    return new AppNotReadyError(
      'localhost-only',
      `your app listens on ${localOnly[0].address}:${port} only, so nothing outside its container can reach it`,
      `Listen on all interfaces: app.listen(PORT) or app.listen(PORT, '0.0.0.0'), not '127.0.0.1' or 'localhost'.`,
    );
  }
  const ports = [...new Set(listeners.map((l) => l.port))].sort((a, b) => a - b);
  return new AppNotReadyError(
    'wrong-port',
    `your app listens on ${ports.join(', ')}, but it must listen on port ${port}`,
    `Read the port from the environment: const port = process.env.PORT || ${port}; app.listen(port).`,
  );
}

async function exitedError(
  docker: DockerClient,
  id: string,
  exitCode: number,
  oomKilled: boolean,
  memoryBytes: number,
): Promise<AppNotReadyError> {
  const log = await docker.logs(id, 60).catch(() => '');
  if (oomKilled) {
    return new AppNotReadyError(
      'out-of-memory',
      `your app was stopped: it used more than its memory limit of ${Math.round(memoryBytes / 1024 ** 2)} MB`,
      'Look for data loaded all at once or a loop that keeps allocating.',
      log,
    );
  }
  return new AppNotReadyError(
    'exited',
    `your app exited with code ${exitCode} before it was ready:\n${nodeCrashExcerpt(log) || '(it printed nothing)'}`,
    'Run it locally with `npm start` and fix the error above.',
    log,
  );
}

async function timeoutError(
  docker: DockerClient,
  id: string,
  opts: AppReadiness,
  lastHttp: string,
): Promise<AppNotReadyError> {
  const log = await docker.logs(id, 60).catch(() => '');
  const seconds = Math.round(opts.timeoutMs / 1000);
  if (lastHttp && opts.http) {
    const got = lastHttp.startsWith('ERR') ? `no answer (${lastHttp.slice(4)})` : `status ${lastHttp}`;
    return new AppNotReadyError(
      'unhealthy',
      `your app listens on port ${opts.port}, but ${opts.http.method} ${opts.http.path} gave ${got} instead of 2xx within ${seconds} s`,
      `Make ${opts.http.method} ${opts.http.path} answer 200 once the app is ready.`,
      log,
    );
  }
  return new AppNotReadyError(
    'no-answer',
    `your app did not listen on port ${opts.port} within ${seconds} s`,
    'Make sure the app calls listen() at start-up and does not wait for something that never comes.',
    log,
  );
}
