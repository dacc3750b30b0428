import { posix } from 'node:path';
import { errorMessage, InfraError } from '../common/errors';
import { withTimeout } from '../common/poll';
import type { ContainerSpec, DockerClient, Labels, Mount } from '../docker/docker-client';
import { IMAGE } from '../docker/images/catalog';
import { withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { hostTrust } from './host-trust';
import { watchInstall, type DiskExcess } from './install-watch';
import { diagnoseInstallFailure, installExcerpt } from './install-failure';
import { formatBytes, processLimit, type InstallLimits } from './install-limits';
import { AppSetupError } from './package-json';
import { LEARNER_UID, LEARNER_USER } from './sandbox-user';

export interface StageRequest {
  runId: string;
  labels: Labels;
  /** Volume with the code and node_modules. */
  volume: string;
  appPath: string;
  limits: Required<InstallLimits>;
  /** The app's runtime image (default: Node.js). */
  image?: string;
}

/**
 * A container of the install stage (install or build): the learner account, hardened, writable
 * only in the app's volume (and what `own.mounts` adds) and in memory (home, /tmp), with the
 * install's limits.
 */
export function stageContainer(
  req: StageRequest,
  role: 'install' | 'build',
  own: Required<Pick<ContainerSpec, 'network' | 'env' | 'cmd' | 'mounts'>> &
    Pick<ContainerSpec, 'dnsOptions'>,
): ContainerSpec {
  const { limits } = req;
  return {
    name: resourceName(req.runId, role),
    image: req.image ?? IMAGE.node,
    labels: withRole(req.labels, role),
    user: LEARNER_USER,
    network: own.network,
    ...(own.dnsOptions ? { dnsOptions: own.dnsOptions } : {}),
    workingDir: posix.join('/app', req.appPath),
    env: { HOME: '/home/learner', CI: 'true', ...own.env },
    cmd: own.cmd,
    mounts: [
      { type: 'volume', source: req.volume, target: '/app' },
      { type: 'tmpfs', target: '/tmp', sizeBytes: limits.tmpBytes, tmpfsOptions: ['mode=1777', 'exec'] },
      {
        type: 'tmpfs',
        target: '/home/learner',
        sizeBytes: limits.homeBytes,
        tmpfsOptions: [`uid=${LEARNER_UID}`, `gid=${LEARNER_UID}`, 'exec'],
      },
      ...own.mounts,
    ],
    limits: { memoryBytes: limits.memoryBytes, pids: limits.pids, cpus: 1 },
    hardened: true,
    logMaxBytes: 4 * 1024 ** 2,
  };
}

/**
 * The container a package manager installs in: the stage's, on the install network (or none),
 * with the host's CA bundle (host-trust.ts) and a resolver that gives up fast.
 */
export function installContainer(
  req: StageRequest,
  own: { network: string; env: Record<string, string>; cmd: string[]; mounts: Mount[] },
): ContainerSpec {
  const trust = hostTrust();
  return stageContainer(req, 'install', {
    network: { name: own.network, aliases: [] },
    // Only the gateway resolves on the install network: other names fail in a second, not ten.
    dnsOptions: ['timeout:1', 'attempts:1'],
    env: { ...trust.env, ...own.env },
    cmd: own.cmd,
    mounts: [...own.mounts, ...trust.mounts],
  });
}

export interface StageRun {
  /** "installing dependencies (npm ci)": the subject of messages. */
  what: string;
  command: string;
  timeoutMs: number;
  /** Folders in the container whose size is bounded by the disk limit while it runs. */
  watched: string[];
  registryHost?: string;
  /** Hosts the registry gateway refused, read after a failure. */
  refusedHosts?: () => Promise<string[]>;
  /**
   * The installer's own reading of a non-zero exit it ended with by itself (no limit was hit);
   * undefined: the npm-oriented diagnosis (install-failure.ts).
   */
  explainExit?: (output: string, exitCode: number, refusedHosts: string[]) => Error | undefined;
}

/** Starts a container, waits within the install time limit, and turns failure into a diagnosis. */
export async function runToEnd(
  docker: DockerClient,
  id: string,
  req: StageRequest,
  run: StageRun,
): Promise<string> {
  let exitCode: number | undefined;
  let excess: DiskExcess | undefined;
  let forkRefused: boolean | undefined;
  try {
    await docker.startContainer(id);
    const watch = watchInstall(docker, id, run.watched, req.limits.diskBytes);
    try {
      exitCode = await withTimeout(docker.waitContainer(id), run.timeoutMs);
    } finally {
      watch.stop();
      excess = watch.excess();
      forkRefused = watch.forkRefused();
    }
  } catch (err) {
    // Docker failing under the install is the machine's problem, not the learner's.
    throw new InfraError(`${run.what} failed: ${errorMessage(err)}`);
  }
  if (excess) throw diskLimitError(run, excess, req.limits.diskBytes);
  const output = await docker.logs(id, 2000).catch(() => '');
  if (exitCode === undefined) throw timeLimitError(run, output, forkRefused ? req.limits : undefined);
  if (exitCode === 0) return output;
  const [state, refusedHosts] = await Promise.all([
    docker.inspectContainer(id).catch(() => undefined),
    run.refusedHosts?.() ?? [],
  ]);
  const own = state?.oomKilled || forkRefused ? undefined : run.explainExit?.(output, exitCode, refusedHosts);
  if (own) throw own;
  const failure = diagnoseInstallFailure(output, run.command, exitCode, {
    projectDir: posix.join('/app', req.appPath),
    limits: req.limits,
    registryHost: run.registryHost,
    verdicts: { oomKilled: state?.oomKilled, forkRefused },
    refusedHosts,
  });
  if (failure.cause === 'infrastructure') throw new InfraError(failure.message, failure.hint);
  throw new AppSetupError(failure.message, failure.hint, failure.cause);
}

/** Out of time; a fork loop that filled the process limit on the way is named as the cause. */
function timeLimitError(run: StageRun, output: string, pidsHit: InstallLimits | undefined): AppSetupError {
  const limit = Math.round(run.timeoutMs / 1000);
  const why = pidsHit ? `; ${processLimit(pidsHit)}` : '';
  return new AppSetupError(
    `${run.what} did not finish within the install time limit of ${limit} s${why}:\n${installExcerpt(output.split('\n'))}`,
    pidsHit
      ? 'An install or build script forks without end: look for a script that starts processes in a loop.'
      : 'Look for an install or build script that waits forever, or very large dependencies.',
    pidsHit ? 'sandbox' : 'submission',
  );
}

function diskLimitError(run: StageRun, excess: DiskExcess, limitBytes: number): AppSetupError {
  const hint =
    'An install or build script wrote far more than dependencies need: look for a script that downloads or generates files without end.';
  if (excess.unreadable) {
    return new AppSetupError(
      `${run.what} was stopped: it made ${excess.unreadable} unreadable, which hides its size from the install's disk limit of ${formatBytes(limitBytes)}`,
      hint,
      'sandbox',
    );
  }
  const where = excess.biggest ? `, most of it in ${excess.biggest}` : '';
  return new AppSetupError(
    `${run.what} was stopped: it wrote ${formatBytes(excess.bytes)} to ${excess.folder}${where}, more than the install's disk limit of ${formatBytes(limitBytes)}`,
    hint,
    'sandbox',
  );
}
