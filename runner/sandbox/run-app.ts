import { posix } from 'node:path';
import type { DockerClient, Labels, Mount } from '../docker/docker-client';
import { IMAGE } from '../docker/images/catalog';
import { withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import type { ServiceWhereabouts } from './connection-hint';
import type { AppPackage } from './missing-module';
import { LEARNER_USER } from './sandbox-user';
import { waitForApp } from './wait-for-app';

export interface AppLimits {
  memoryBytes: number;
  cpus: number;
  pids: number;
}

export interface RunAppRequest {
  docker: DockerClient;
  runId: string;
  labels: Labels;
  network: string;
  /** The volume the install stage filled. */
  volume: string;
  /** Mounts the install stage asked for besides it (the cached node_modules, read-only). */
  mounts: Mount[];
  /** Folders the PATH starts with after node_modules/.bin: a mounted environment's commands. */
  binDirs?: string[];
  /** What the install stage sets for the runtime to find that environment (PYTHONPATH). */
  installEnv?: Record<string, string>;
  appPath: string;
  startCommand: string;
  /** The runtime's image (default: Node.js). */
  image?: string;
  port: number;
  env: Record<string, string>;
  limits: AppLimits;
  ready: { timeoutMs: number; http?: { method: string; path: string } };
  /** Several instances (load-balancing labs) are reachable as app-1, app-2…; the first also as `app`. */
  instance?: number;
  /** Docker runtime for extra isolation (gVisor's "runsc") when the machine has it. */
  runtime?: string;
  /** The lab's services as the app sees them: for telling an app that looks elsewhere where they are. */
  services: ServiceWhereabouts[];
  /** The app's package, for explaining a missing module. */
  app?: AppPackage;
}

export interface RunningApp {
  containerId: string;
  host: string;
  port: number;
}

/**
 * The run stage: the learner's app as an unprivileged user with no capabilities, a read-only root
 * (writable /tmp only), memory without swap, a pids cap, one CPU, capped logs, and the run's
 * internal network as its only network. The container is returned even when readiness fails, so
 * the caller can still collect its log.
 */
export async function createApp(req: RunAppRequest): Promise<RunningApp> {
  const instance = req.instance ?? 1;
  const host = instance === 1 ? 'app' : `app-${instance}`;
  const containerId = await req.docker.createContainer({
    name: resourceName(req.runId, host),
    image: req.image ?? IMAGE.node,
    labels: withRole(req.labels, 'app'),
    user: LEARNER_USER,
    workingDir: posix.join('/app', req.appPath),
    cmd: ['sh', '-c', req.startCommand],
    env: {
      ...req.env,
      ...req.installEnv,
      // The names boilerplates read their port from. No HOST: many apps read it as the
      // database's host; an app bound to 127.0.0.1 is detected and explained instead.
      PORT: String(req.port),
      APP_PORT: String(req.port),
      SERVER_PORT: String(req.port),
      HTTP_PORT: String(req.port),
      // Lets an app say which copy answered (load-balancing labs): 1 for app/app-1, 2 for app-2…
      BACKLAB_APP_INSTANCE: String(instance),
      HOME: '/tmp',
      PATH: [
        posix.join('/app', req.appPath, 'node_modules/.bin'),
        ...(req.binDirs ?? []),
        '/usr/local/bin:/usr/bin:/bin',
      ].join(':'),
      npm_config_cache: '/tmp/.npm',
    },
    network: { name: req.network, aliases: instance === 1 ? ['app', 'app-1'] : [host] },
    mounts: [
      { type: 'volume', source: req.volume, target: '/app', readOnly: true },
      ...req.mounts,
      { type: 'tmpfs', target: '/tmp', sizeBytes: 64 * 1024 ** 2, tmpfsOptions: ['mode=1777'] },
    ],
    limits: req.limits,
    hardened: true,
    logMaxBytes: 2 * 1024 ** 2,
    runtime: req.runtime,
  });
  return { containerId, host, port: req.port };
}

export async function startApp(req: RunAppRequest, app: RunningApp): Promise<void> {
  await req.docker.startContainer(app.containerId);
}

/** Waits until the started app answers on its port (see wait-for-app.ts for what it tells apart). */
export async function waitForAppReady(req: RunAppRequest, app: RunningApp): Promise<void> {
  const state = await req.docker.inspectContainer(app.containerId);
  await waitForApp(req.docker, app.containerId, {
    port: req.port,
    address: state.addresses[req.network] ?? app.host,
    http: req.ready.http,
    timeoutMs: req.ready.timeoutMs,
    memoryBytes: req.limits.memoryBytes,
    startCommand: req.startCommand,
    services: req.services,
    app: req.app,
  });
}
