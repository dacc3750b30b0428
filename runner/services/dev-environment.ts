import { InfraError } from '../common/errors';
import { removeRun } from '../docker/cleanup';
import type { DockerClient } from '../docker/docker-client';
import { LABEL } from '../docker/labels';

/**
 * A development environment outlives the `backlab start` that made it; later commands find its
 * containers again through the run label and their role.
 */
export interface DevService {
  role: string;
  containerId: string;
  running: boolean;
  ports: Record<number, number>;
}

export async function findDevServices(docker: DockerClient, runId: string): Promise<DevService[]> {
  const containers = await docker.listContainers({ [LABEL.run]: runId });
  return Promise.all(
    containers.map(async (c) => {
      const state = await docker.inspectContainer(c.id);
      return {
        role: c.labels[LABEL.role] ?? 'unknown',
        containerId: c.id,
        running: state.running,
        ports: state.ports,
      };
    }),
  );
}

/** Puts every database of the environment back to the lab's initial state. */
export async function resetDevServices(docker: DockerClient, runId: string): Promise<string[]> {
  const reset: string[] = [];
  for (const service of await findDevServices(docker, runId)) {
    if (service.role !== 'mysql') continue;
    // exec inherits the container's environment, which holds the credentials the reset needs.
    const result = await docker.exec(service.containerId, ['backlab-db-reset']);
    if (result.exitCode !== 0)
      throw new InfraError(`MySQL reset failed: ${(result.stderr || result.stdout).trim()}`);
    reset.push(service.role);
  }
  return reset;
}

export async function stopDevEnvironment(docker: DockerClient, runId: string) {
  return removeRun(docker, runId);
}
