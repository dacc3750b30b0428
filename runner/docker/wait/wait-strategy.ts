import type { DockerClient } from '../docker-client';

/**
 * How to know a container is ready for use. Each strategy polls until ready or `timeoutMs`, and
 * throws a TimeoutError naming what it waited for, or ContainerExitedError if the container stops.
 */
export interface WaitStrategy {
  waitUntilReady(docker: DockerClient, containerId: string, timeoutMs: number): Promise<void>;
}
