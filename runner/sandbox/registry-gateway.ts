import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage, InfraError } from '../common/errors';
import { packageRoot } from '../common/package-root';
import { pollUntil } from '../common/poll';
import type { ContainerSpec, DockerClient, Labels } from '../docker/docker-client';
import { IMAGE } from '../docker/images/catalog';
import { LABEL, withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { ContainerExitedError } from '../docker/wait/container-exited-error';
import { hostProxy } from './host-trust';
import { GATEWAY_ENV, LISTENING_LOG, REFUSED_LOG } from './registry-gateway-policy';

/** The gateway's name on the install network. */
const GATEWAY_HOST = 'registry-gateway';
const GATEWAY_PORT = 3128;
/** For npm_config_proxy / HTTPS_PROXY in the install container. */
export const GATEWAY_PROXY_URL = `http://${GATEWAY_HOST}:${GATEWAY_PORT}`;
const BACKLAB = '/backlab';
const SERVER_SCRIPT = 'dist/runner/sandbox/registry-gateway-server.js';
const READY_TIMEOUT_MS = 15_000;

export interface GatewayRequest {
  docker: DockerClient;
  runId: string;
  labels: Labels;
}

export interface RegistryGateway {
  /** Resolves once the gateway accepts connections; rejects (InfraError) if it stops first. */
  listening: Promise<void>;
  /** Hosts the gateway refused so far, in order. */
  refusedHosts(): Promise<string[]>;
}

/**
 * The network an install runs on: internal (no route out, no address of the host on its bridge),
 * labelled with the run so teardown and `backlab cleanup` remove it with the rest.
 */
export async function createInstallNetwork(req: GatewayRequest): Promise<string> {
  const name = resourceName(req.runId, 'install-net');
  await req.docker.createNetwork({ name, labels: withRole(req.labels, 'install-network'), internal: true });
  return name;
}

/** Where the gateway lets an install go: a registry, and the hosts its files come from. */
export interface GatewayTarget {
  registry: URL;
  fileHosts?: string[];
}

/**
 * Starts the registry gateway on `network` and on Docker's default bridge: the install's only way
 * out, to the target's registry and file hosts (through the host's proxy, if it has one). Resolves once its container runs,
 * so its name resolves on the network; `listening` follows once it accepts connections (the
 * install script waits for that itself, so the install container starts meanwhile).
 */
export async function startRegistryGateway(
  req: GatewayRequest,
  network: string,
  target: GatewayTarget,
): Promise<RegistryGateway> {
  const root = packageRoot();
  if (!existsSync(join(root, SERVER_SCRIPT))) {
    throw new InfraError(`${SERVER_SCRIPT} is missing`, 'Build backlab first: `npm run build`.');
  }
  const { docker } = req;
  const id = await docker.createContainer(gatewaySpec(req, network, target, root));
  try {
    await docker.startContainer(id);
  } catch (err) {
    await docker.removeContainer(id).catch(() => undefined);
    throw new InfraError(`the registry gateway failed to start: ${errorMessage(err)}`);
  }
  const listening = waitForListening(docker, id).catch(async (err: unknown) => {
    const tail = await docker.logs(id, 20).catch(() => '');
    throw new InfraError(
      `${errorMessage(err)}${tail.trim() ? `\n--- last log lines ---\n${tail.trimEnd()}` : ''}`,
    );
  });
  // Observed here, awaited by the caller: a failure before then is not an unhandled rejection.
  listening.catch(() => undefined);
  return {
    listening,
    async refusedHosts() {
      return refusedHostsIn(await docker.logs(id, 500).catch(() => ''));
    },
  };
}

function gatewaySpec(
  req: GatewayRequest,
  network: string,
  target: GatewayTarget,
  root: string,
): ContainerSpec {
  const proxy = hostProxy();
  return {
    name: resourceName(req.runId, GATEWAY_HOST),
    image: IMAGE.node,
    labels: withRole(req.labels, GATEWAY_HOST),
    // The invoking user can read backlab's own files, wherever they are installed.
    user: `${process.getuid?.() ?? 1000}:${process.getgid?.() ?? 1000}`,
    network: { name: network, aliases: [GATEWAY_HOST] },
    extraNetworks: ['bridge'],
    env: {
      [GATEWAY_ENV.registry]: target.registry.href,
      ...(target.fileHosts?.length ? { [GATEWAY_ENV.fileHosts]: target.fileHosts.join(',') } : {}),
      [GATEWAY_ENV.listen]: GATEWAY_HOST,
      [GATEWAY_ENV.port]: String(GATEWAY_PORT),
      ...(proxy.https ? { [GATEWAY_ENV.httpsProxy]: proxy.https } : {}),
      ...(proxy.http ? { [GATEWAY_ENV.httpProxy]: proxy.http } : {}),
      ...(proxy.noProxy ? { [GATEWAY_ENV.noProxy]: proxy.noProxy } : {}),
    },
    cmd: ['node', `${BACKLAB}/${SERVER_SCRIPT}`],
    mounts: [{ type: 'bind', source: root, target: BACKLAB, readOnly: true }],
    limits: { memoryBytes: 128 * 1024 ** 2, pids: 32, cpus: 0.5 },
    hardened: true,
    logMaxBytes: 1024 ** 2,
  };
}

/**
 * Removes a run's registry gateway and install network, if an install made them. A grade leaves
 * them to its teardown; a development environment, which has none until `backlab stop`, calls
 * this once its app is installed, so that nothing idle stays on the default bridge.
 */
export async function removeInstallWay(docker: DockerClient, labels: Labels): Promise<void> {
  const run = { [LABEL.run]: labels[LABEL.run] };
  for (const c of await docker.listContainers({ ...run, [LABEL.role]: GATEWAY_HOST }))
    await docker.removeContainer(c.id);
  for (const n of await docker.listNetworks({ ...run, [LABEL.role]: 'install-network' }))
    await docker.removeNetwork(n.id);
}

/** The proxy variables installers and the scripts they run honour, naming the gateway. */
export function gatewayProxyEnv(): Record<string, string> {
  const proxy = GATEWAY_PROXY_URL;
  const local = 'localhost,127.0.0.1,::1';
  return {
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    http_proxy: proxy,
    https_proxy: proxy,
    NO_PROXY: local,
    no_proxy: local,
  };
}

/** A shell command for the install container: waits (30 s at most) until the gateway accepts. */
export function waitForGatewayCommand(): string {
  const probe = `(exec 3<>/dev/tcp/${GATEWAY_HOST}/${GATEWAY_PORT}) 2>/dev/null`;
  return `bash -c 'for i in $(seq 600); do ${probe} && exit 0; sleep 0.05; done; exit 1'`;
}

/** Hosts named by the gateway's refusal lines, in order, once each. */
export function refusedHostsIn(log: string): string[] {
  const hosts = log
    .split('\n')
    .filter((line) => line.startsWith(REFUSED_LOG))
    .map((line) => line.slice(REFUSED_LOG.length).split(' ')[0]);
  return [...new Set(hosts)];
}

async function waitForListening(docker: DockerClient, id: string): Promise<void> {
  await pollUntil(
    async () => {
      if ((await docker.logs(id, 20)).includes(LISTENING_LOG)) return true;
      const state = await docker.inspectContainer(id);
      if (!state.running)
        throw new ContainerExitedError('the registry gateway', state.exitCode, state.oomKilled);
      return undefined;
    },
    { timeoutMs: READY_TIMEOUT_MS, intervalMs: 25, describe: 'the registry gateway did not listen' },
  );
}
