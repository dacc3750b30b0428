import { DockerodeClient } from '../../runner/docker/dockerode-client';
import type { DockerClient } from '../../runner/docker/docker-client';
import { LABEL } from '../../runner/docker/labels';

/** The real engine; integration tests fail loudly (not skip) when it is not there. */
export function realDocker(): DockerClient {
  return new DockerodeClient();
}

/** Everything still labelled with a run id: containers, networks, volumes. */
export async function leftovers(docker: DockerClient, runId: string): Promise<string[]> {
  const filter = { [LABEL.run]: runId };
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers(filter),
    docker.listNetworks(filter),
    docker.listVolumes(filter),
  ]);
  return [...containers, ...networks, ...volumes].map((r) => r.name);
}
