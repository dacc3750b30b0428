import { InfraError } from '../common/errors';
import { removeRun } from '../docker/cleanup';
import type { DockerClient } from '../docker/docker-client';
import { LABEL } from '../docker/labels';
import { MONGO_ADMIN_COMMAND, MONGO_ADMIN_ROLE } from './mongodb-admin';

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

/**
 * How each database of a development environment is reset, by the role of the container to run it
 * in. exec inherits the container's environment, which holds the credentials the reset needs.
 */
const RESETS: Record<string, { title: string; cmd: string[]; env?: Record<string, string> }> = {
  mysql: { title: 'MySQL', cmd: ['backlab-db-reset'] },
  [MONGO_ADMIN_ROLE]: { title: 'MongoDB', cmd: MONGO_ADMIN_COMMAND, env: { BACKLAB_ADMIN_ACTION: 'reset' } },
};

/** Puts every database of the environment back to the lab's initial state. */
export async function resetDevServices(docker: DockerClient, runId: string): Promise<string[]> {
  const reset: string[] = [];
  for (const service of await findDevServices(docker, runId)) {
    const how = RESETS[service.role];
    if (!how) continue;
    const result = await docker.exec(service.containerId, how.cmd, { env: how.env });
    if (result.exitCode !== 0) {
      throw new InfraError(`${how.title} reset failed: ${(result.stderr || result.stdout).trim()}`);
    }
    reset.push(how.title);
  }
  return reset;
}

export async function stopDevEnvironment(docker: DockerClient, runId: string) {
  return removeRun(docker, runId);
}
