import { InfraError, errorMessage } from '../common/errors';
import { withTimeout } from '../common/poll';
import { sweepOrphans, type SweepReport } from '../docker/cleanup';
import type { DockerClient } from '../docker/docker-client';
import type { Progress } from '../common/progress';
import { plural, removedCounts } from '../common/units';

/** How to get Docker running, for hints that go on with what to do next. */
export const START_DOCKER =
  'Start Docker (`sudo systemctl start docker`, or `sudo dockerd > /var/log/dockerd.log 2>&1 &`); to install it on Debian or Ubuntu: `sudo apt-get install docker.io`.';

export const DOCKER_HINT = `${START_DOCKER} Then run \`backlab doctor\`.`;

/** Connects to the Docker engine (DOCKER_HOST or the local socket) or says in one sentence why not. */
export async function connectDocker(): Promise<DockerClient> {
  // Loaded on first use: dockerode and its protocol libraries are most of a bare CLI start.
  const { DockerodeClient } = await import('../docker/dockerode-client');
  const docker = new DockerodeClient();
  let failure = 'no answer within 5 s';
  const answered = await withTimeout(
    docker.ping().then(
      () => true,
      (err) => {
        failure = errorMessage(err);
        return false;
      },
    ),
    5000,
  );
  if (!answered) throw new InfraError(`Docker is not reachable (${failure.split('\n')[0]}).`, DOCKER_HINT);
  return docker;
}

/**
 * The Docker client commands get: connected once, and before first use the leftovers of backlab
 * processes that died (kill -9, crash) are removed.
 */
export interface LazyDocker {
  docker: () => Promise<DockerClient>;
  swept: () => SweepReport | undefined;
  /** Sweeps dead runs when Docker answers quickly; commands that need no Docker still run without it. */
  sweepIfReachable: () => Promise<void>;
  /** The client if connecting was begun and succeeded, without connecting otherwise. */
  connected: () => Promise<DockerClient | undefined>;
}

export function lazyDocker(progress: Progress): LazyDocker {
  let connecting: Promise<DockerClient> | undefined;
  let report: SweepReport | undefined;
  const docker = () => {
    connecting ??= connectDocker().then(async (docker) => {
      const swept = await sweepOrphans(docker);
      report = swept;
      if (swept.runs.length || swept.folders) {
        const folders = swept.folders ? `, ${plural(swept.folders, 'temporary folder')}` : '';
        const runs = swept.runs.length ? plural(swept.runs.length, 'interrupted run') : 'interrupted runs';
        progress.info(`Removed what ${runs} left behind: ${removedCounts(swept)}${folders}.`);
      }
      return docker;
    });
    return connecting;
  };
  const sweepIfReachable = async () => {
    const attempt = docker();
    const connected = await withTimeout(
      attempt.then(
        () => true,
        () => false,
      ),
      1500,
    );
    // A failed or slow first attempt is forgotten, so a command that needs Docker gets its own clear error.
    if (!connected) connecting = undefined;
  };
  const connected = async () => connecting?.catch(() => undefined);
  return { docker, swept: () => report, sweepIfReachable, connected };
}
