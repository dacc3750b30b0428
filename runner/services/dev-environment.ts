import { InfraError } from '../common/errors';
import { removeRun } from '../docker/cleanup';
import type { DockerClient } from '../docker/docker-client';
import { LABEL } from '../docker/labels';
import { resourceName } from '../docker/names';
import { MONGO_ADMIN_COMMAND, MONGO_ADMIN_ROLE } from './mongodb-admin';

/**
 * A development environment outlives the `backlab start` that made it; later commands find its
 * containers again through the run label and their role.
 */
export interface DevService {
  role: string;
  /** The container's name within the environment: "mysql", "nginx", "app-1". */
  name: string;
  containerId: string;
  running: boolean;
  ports: Record<number, number>;
}

export async function findDevServices(docker: DockerClient, runId: string): Promise<DevService[]> {
  const containers = await docker.listContainers({ [LABEL.run]: runId });
  const prefix = resourceName(runId, '');
  const services = await Promise.all(
    containers.map(async (c) => {
      const state = await docker.inspectContainer(c.id);
      const name = c.name.replace(/^\//, '');
      return {
        role: c.labels[LABEL.role] ?? 'unknown',
        name: name.startsWith(prefix) ? name.slice(prefix.length) : name,
        containerId: c.id,
        running: state.running,
        ports: state.ports,
      };
    }),
  );
  // The first of several app instances is named "app" but reached as app-1 too: call it that.
  if (services.filter((s) => s.role === 'app').length > 1)
    for (const s of services) if (s.role === 'app' && s.name === 'app') s.name = 'app-1';
  return services.sort((a, b) => a.name.localeCompare(b.name));
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
