import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DockerClient } from '../docker/docker-client';
import type { RunningService } from '../services/service';

/** Lines of each service's log kept: nginx's access and error lines of a whole grade fit. */
export const SERVICE_LOG_LINES = 5000;

/** The file a service's log is kept in, in a grade's folder: `nginx.log`, `mysql.log`. */
export function serviceLogFile(runDir: string, kind: string): string {
  return join(runDir, `${kind}.log`);
}

/**
 * Keeps each service's log in the grade's folder before teardown removes its container: nginx's
 * error log says why a request got a 502, MariaDB's why a connection was refused, and
 * `backlab logs nginx` shows it after the grade. A log that cannot be read is skipped: it is
 * help for the learner, never part of the result.
 */
export async function keepServiceLogs(
  docker: DockerClient,
  services: RunningService[],
  runDir: string,
): Promise<void> {
  await Promise.all(
    services.map(async (service) => {
      const log = await docker.logs(service.containerId, SERVICE_LOG_LINES).catch(() => undefined);
      if (log !== undefined)
        await writeFile(serviceLogFile(runDir, service.kind), log).catch(() => undefined);
    }),
  );
}
