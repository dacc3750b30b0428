import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from '../../common/errors';
import { packageRoot } from '../../common/package-root';
import { pollUntil } from '../../common/poll';
import type { DockerClient } from '../../docker/docker-client';
import { IMAGE } from '../../docker/images/catalog';
import { withRole } from '../../docker/labels';
import { resourceName } from '../../docker/names';
import { startContainer } from '../../docker/start-container';
import { ContainerExitedError } from '../../docker/wait/container-exited-error';
import type { Environment } from '../../services/environment';
import { KIT_ENV } from '../../kit/env';
import { FAULT_PROXY_ENV, formatRoutes, type FaultRoute, type FaultStats } from './fault-proxy-protocol';
import type { ProxyMode } from './http-faults';

const HOST = 'fault-proxy';
const BACKLAB = '/backlab';
const STATS_DIR = '/stats';
const STATS_FILE = 'fault-stats.json';
const SERVER_SCRIPT = 'dist/runner/authoring/faults/fault-proxy-server.js';
/** The kit variables that point suites at HTTP servers, each given its own proxy port. */
const PROXIED = [
  { variable: KIT_ENV.appUrl, port: 8001 },
  { variable: KIT_ENV.nginxUrl, port: 8002 },
] as const;
const READY_TIMEOUT_MS = 15_000;

export interface FaultProxy {
  /** For GradeRequest.interpose: starts the proxy in the run and points the suites at it. */
  interpose(env: Environment, kitEnv: Readonly<Record<string, string>>): Promise<Record<string, string>>;
  /** What the proxy did; undefined when it never started. Read after the grade. */
  stats(): Promise<FaultStats | undefined>;
}

/** A fault proxy for one grade; `workDir` (a host folder) receives its statistics file. */
export function faultProxy(docker: DockerClient, fault: ProxyMode, workDir: string): FaultProxy {
  const statsPath = path.join(workDir, STATS_FILE);
  return {
    async interpose(env, kitEnv) {
      const root = packageRoot();
      if (!existsSync(path.join(root, SERVER_SCRIPT))) {
        throw new InfraError(`${SERVER_SCRIPT} is missing`, 'Build backlab first: `npm run build`.');
      }
      const proxied = PROXIED.filter((p) => kitEnv[p.variable]);
      const routes: FaultRoute[] = proxied.map((p) => ({
        port: p.port,
        upstream: new URL(kitEnv[p.variable]),
      }));
      await mkdir(workDir, { recursive: true });
      // The container runs as the invoking user; a remapped engine may still need write access.
      await chmod(workDir, 0o777);
      await startContainer(
        docker,
        {
          name: resourceName(env.runId, HOST),
          image: IMAGE.node,
          labels: withRole(env.labels, HOST),
          user: `${process.getuid?.() ?? 1000}:${process.getgid?.() ?? 1000}`,
          network: { name: env.network, aliases: [HOST] },
          env: {
            [FAULT_PROXY_ENV.fault]: fault,
            [FAULT_PROXY_ENV.routes]: formatRoutes(routes),
            [FAULT_PROXY_ENV.stats]: `${STATS_DIR}/${STATS_FILE}`,
          },
          cmd: ['node', `${BACKLAB}/${SERVER_SCRIPT}`],
          mounts: [
            { type: 'bind', source: root, target: BACKLAB, readOnly: true },
            { type: 'bind', source: workDir, target: STATS_DIR },
          ],
          limits: { memoryBytes: 256 * 1024 ** 2, pids: 64, cpus: 1 },
          hardened: true,
          logMaxBytes: 1024 ** 2,
        },
        {
          subject: 'the fault proxy',
          timeoutMs: READY_TIMEOUT_MS,
          // The proxy writes its statistics file once every port listens.
          wait: {
            waitUntilReady: async (client, id, timeoutMs) => {
              await pollUntil(
                async () => {
                  if (existsSync(statsPath)) return true;
                  const state = await client.inspectContainer(id);
                  if (!state.running)
                    throw new ContainerExitedError('the fault proxy', state.exitCode, state.oomKilled);
                  return undefined;
                },
                { timeoutMs, intervalMs: 100, describe: 'the fault proxy did not listen' },
              );
            },
          },
        },
      );
      return Object.fromEntries(proxied.map((p) => [p.variable, `http://${HOST}:${p.port}`]));
    },
    async stats() {
      const text = await readFile(statsPath, 'utf8').catch(() => undefined);
      return text ? (JSON.parse(text) as FaultStats) : undefined;
    },
  };
}
