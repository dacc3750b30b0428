import { BacklabError, errorMessage, InfraError } from '../common/errors';
import type { ContainerSpec, ContainerState, DockerClient } from './docker-client';
import type { WaitStrategy } from './wait/wait-strategy';

export interface StartOptions {
  /** Names the container in messages: "MySQL", "your app". */
  subject: string;
  /** Runs after create, before start: copy files in with putArchive. */
  prepare?: (containerId: string) => Promise<void>;
  wait?: WaitStrategy;
  timeoutMs: number;
  /** Log lines quoted in a readiness failure. */
  logTailLines?: number;
}

/** A container that failed to become ready; it has already been removed. */
export class NotReadyError extends InfraError {
  constructor(
    message: string,
    readonly logTail: string,
    override readonly cause: unknown,
  ) {
    super(logTail.trim() ? `${message}\n--- last log lines ---\n${logTail.trimEnd()}` : message);
  }
}

/**
 * Creates, prepares, starts and waits for a container. A container that never becomes ready is
 * removed before the error is thrown, and the error carries its last log lines.
 */
export async function startContainer(
  docker: DockerClient,
  spec: ContainerSpec,
  opts: StartOptions,
): Promise<ContainerState> {
  const id = await docker.createContainer(spec);
  try {
    await opts.prepare?.(id);
    await docker.startContainer(id);
    await opts.wait?.waitUntilReady(docker, id, opts.timeoutMs);
    return await docker.inspectContainer(id);
  } catch (err) {
    const logTail = await docker.logs(id, opts.logTailLines ?? 20).catch(() => '');
    await docker.removeContainer(id).catch(() => undefined);
    const message =
      err instanceof BacklabError ? err.message : `${opts.subject} failed to start: ${errorMessage(err)}`;
    throw new NotReadyError(message, logTail, err);
  }
}
