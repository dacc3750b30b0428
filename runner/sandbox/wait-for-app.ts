import { sleep } from '../common/poll';
import type { DockerClient } from '../docker/docker-client';
import { AppNotReadyError } from './app-not-ready-error';
import { appStoppedError, collectLog, type StopContext } from './app-stopped';
import { connectionHint, type ServiceWhereabouts } from './connection-hint';
import { busyStarting, CAT, httpStatus } from './app-health';
import { parseProcNetTcp, type Listener } from './listening-ports';

export interface AppReadiness extends StopContext {
  port: number;
  /** The app's address on the run's network: the HTTP check goes where the tests will go. */
  address: string;
  http?: { method: string; path: string };
  timeoutMs: number;
  /** How long a listener on the wrong port or address may stand before it is reported. */
  graceMs?: number;
  services: ServiceWhereabouts[];
}

/** Statuses that will not change by waiting: the route is missing, so readiness is final now. */
const FINAL_STATUSES = new Set(['404', '405']);

/**
 * Waits until the app listens on PORT on every interface (and, if the lab asks, answers its
 * health check with 2xx). Along the way it tells apart what learners get wrong: the app exited,
 * ran out of memory, listens on another port, binds 127.0.0.1 only, or has no health route.
 */
export async function waitForApp(
  docker: DockerClient,
  containerId: string,
  opts: AppReadiness,
): Promise<void> {
  const started = Date.now();
  // An inspector or a second server may open first; a wrong listener must stand this long.
  const grace = opts.graceMs ?? 5000;
  let firstListenAt: number | undefined;
  let lastHttp = '';
  let deadline = opts.timeoutMs;
  let extended = false;
  for (;;) {
    const state = await docker.inspectContainer(containerId);
    if (!state.running) throw await appStoppedError(docker, containerId, state, opts);

    const listeners = await probe(docker, containerId, opts, () => readListeners(docker, containerId));
    const onPort = listeners.filter((l) => l.port === opts.port);
    if (onPort.some((l) => l.wildcard)) {
      if (!opts.http) return;
      const answer = await probe(docker, containerId, opts, () => httpStatus(docker, containerId, opts));
      if (/^2\d\d$/.test(answer)) return;
      if (FINAL_STATUSES.has(answer)) throw missingRouteError(opts, answer);
      lastHttp = answer;
    } else if (listeners.length) {
      firstListenAt ??= Date.now();
      if (Date.now() - firstListenAt >= grace) throw wrongListenerError(listeners, opts.port);
    }

    if (Date.now() - started >= deadline) {
      // Busy at the limit (ts-node type-checking on a loaded machine): once, twice the time.
      if (!extended && !lastHttp && (await busyStarting(docker, containerId))) {
        extended = true;
        deadline = opts.timeoutMs * 2;
        continue;
      }
      throw await timeoutError(docker, containerId, { ...opts, timeoutMs: deadline }, lastHttp, extended);
    }
    // Most apps are up within seconds: look often then, and less often for a slow starter.
    await sleep(Date.now() - started < 5000 ? 60 : 250);
  }
}

/** A probe on a container that stopped meanwhile fails in Docker's terms; say what happened to the app. */
async function probe<T>(
  docker: DockerClient,
  id: string,
  opts: AppReadiness,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const state = await docker.inspectContainer(id).catch(() => undefined);
    if (state && !state.running) throw await appStoppedError(docker, id, state, opts);
    throw err;
  }
}

/** Docker's embedded DNS resolver listens inside every container on a user network; it is not the app. */
const DOCKER_DNS = '127.0.0.11';

/**
 * The sockets listening in the container. The exec itself waits, up to a second, for a first
 * listener other than Docker's resolver (0B00007F is 127.0.0.11), so the app is seen listening
 * within 50 ms rather than at the next probe. Only the image's own programs, by absolute path and
 * with a PATH of the image's folders: the app's node_modules/.bin could supply look-alikes.
 */
const AWAIT_LISTENER = [
  'i=0',
  `while [ $i -lt 20 ] && ! /usr/bin/awk '$4 == "0A" && $2 !~ /^0B00007F:/ { f = 1 } END { exit !f }' /proc/net/tcp /proc/net/tcp6 2>/dev/null; do /bin/sleep 0.05; i=$((i + 1)); done`,
  `exec ${CAT} /proc/net/tcp /proc/net/tcp6`,
].join('\n');

async function readListeners(docker: DockerClient, id: string): Promise<Listener[]> {
  const result = await docker.exec(id, ['/bin/sh', '-c', AWAIT_LISTENER], { env: { PATH: '/usr/bin:/bin' } });
  return parseProcNetTcp(result.stdout).filter((l) => l.address !== DOCKER_DNS);
}

function missingRouteError(opts: AppReadiness, status: string): AppNotReadyError {
  const { method, path } = opts.http!;
  return new AppNotReadyError(
    'unhealthy',
    `your app is running and answers on port ${opts.port}, but ${method} ${path} answered ${status}${status === '404' ? ' (no such route)' : ' (method not allowed)'}, so it cannot be graded`,
    `Add the route the brief asks for: app.${method.toLowerCase()}('${path}', (req, res) => res.json({ status: 'ok' })).`,
  );
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

async function timeoutError(
  docker: DockerClient,
  id: string,
  opts: AppReadiness,
  lastHttp: string,
  extended: boolean,
): Promise<AppNotReadyError> {
  // Drivers often report a failed connection only after their own timeout, which can equal ours.
  const log = await collectLog(docker, id, 3000);
  const seconds = Math.round(opts.timeoutMs / 1000);
  const busy = extended
    ? ` (it was still busy at ${seconds / 2} s, so it had twice the readiness limit)`
    : '';
  const printed = log.trim() ? `\n${log.trim().split('\n').slice(-15).join('\n')}` : '\n(it printed nothing)';
  const where =
    connectionHint(log, opts.services) ?? (extended ? undefined : await neverConnectedHint(docker, id, opts));
  if (lastHttp && opts.http) {
    const got = lastHttp.startsWith('ERR') ? `no answer (${lastHttp.slice(4)})` : `status ${lastHttp}`;
    return new AppNotReadyError(
      'unhealthy',
      `your app listens on port ${opts.port}, but ${opts.http.method} ${opts.http.path} gave ${got} instead of 2xx within ${seconds} s${printed}`,
      where ?? `Make ${opts.http.method} ${opts.http.path} answer 200 once the app is ready.`,
      log,
    );
  }
  return new AppNotReadyError(
    'no-answer',
    `your app (${opts.startCommand}) did not listen on port ${opts.port} within ${seconds} s${busy}${printed}`,
    where ?? 'Make sure the app calls listen() at start-up and does not wait for something that never comes.',
    log,
  );
}

/** When the app holds no connection to any lab service, it is probably looking elsewhere. */
async function neverConnectedHint(
  docker: DockerClient,
  id: string,
  opts: AppReadiness,
): Promise<string | undefined> {
  if (!opts.services.length) return undefined;
  const result = await docker.exec(id, [CAT, '/proc/net/tcp', '/proc/net/tcp6']).catch(() => undefined);
  if (!result) return undefined;
  const remotePorts = remotePortsOf(result.stdout);
  const missed = opts.services.filter((s) => !remotePorts.has(s.port));
  if (missed.length < opts.services.length) return undefined;
  const service = missed[0];
  // Pools connect on their first query, so no connection is a clue, not proof.
  return `your app has not connected to ${service.title} (at ${service.host}:${service.port} in the sandbox): if it waits for its database, make it read the settings from ${service.variables.slice(0, 6).join(', ')}.`;
}

/** Remote ports of every socket that is not listening (connected or connecting). */
function remotePortsOf(procNetTcp: string): Set<number> {
  const ports = new Set<number>();
  for (const line of procNetTcp.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || fields[3] === '0A' || !fields[2]?.includes(':')) continue;
    ports.add(parseInt(fields[2].split(':')[1], 16));
  }
  return ports;
}
