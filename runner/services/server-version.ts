import type { DockerClient, ExecOptions } from '../docker/docker-client';

/** Said when a server could not be asked: provenance is a record, never a reason to fail a run. */
export const UNKNOWN_VERSION = 'unknown';

/**
 * The version a running server reports about itself, asked once inside its container. `pick`
 * finds it in the command's output; a command that fails or says nothing usable gives "unknown".
 */
export async function askServerVersion(
  docker: DockerClient,
  containerId: string,
  cmd: string[],
  pick: (output: string) => string | undefined,
  opts?: ExecOptions,
): Promise<string> {
  try {
    const result = await docker.exec(containerId, cmd, opts);
    if (result.exitCode !== 0) return UNKNOWN_VERSION;
    // nginx -v writes to stderr, mariadb to stdout.
    return pick(`${result.stdout}\n${result.stderr}`.trim()) ?? UNKNOWN_VERSION;
  } catch {
    return UNKNOWN_VERSION;
  }
}
