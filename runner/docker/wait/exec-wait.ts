import { pollUntil } from '../../common/poll';
import type { DockerClient, ExecOptions } from '../docker-client';
import { ContainerExitedError } from './container-exited-error';
import type { WaitStrategy } from './wait-strategy';

/**
 * Ready when a command run inside the container succeeds (and `accept`, if given, likes its output).
 * Running the probe inside the container works whatever the network: published ports or none.
 */
export class ExecWait implements WaitStrategy {
  constructor(
    private readonly subject: string,
    private readonly what: string,
    private readonly cmd: string[],
    private readonly opts: ExecOptions & { accept?: (stdout: string) => boolean; intervalMs?: number } = {},
  ) {}

  async waitUntilReady(docker: DockerClient, containerId: string, timeoutMs: number): Promise<void> {
    await pollUntil(
      async () => {
        const state = await docker.inspectContainer(containerId);
        if (!state.running) throw new ContainerExitedError(this.subject, state.exitCode, state.oomKilled);
        // The container can stop between the check above and the exec: report that, not Docker's 500.
        const result = await docker.exec(containerId, this.cmd, this.opts).catch(async (err) => {
          const after = await docker.inspectContainer(containerId);
          if (!after.running) throw new ContainerExitedError(this.subject, after.exitCode, after.oomKilled);
          throw err;
        });
        const accepted = result.exitCode === 0 && (this.opts.accept?.(result.stdout) ?? true);
        return accepted ? true : undefined;
      },
      {
        timeoutMs,
        // Short: each grade waits on this, and a probe costs the engine little.
        intervalMs: this.opts.intervalMs ?? 60,
        describe: `${this.subject} did not ${this.what}`,
      },
    );
  }
}
