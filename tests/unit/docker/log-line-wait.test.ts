import { TimeoutError } from '../../../runner/common/errors';
import type { DockerClient, FollowOptions, LogLine } from '../../../runner/docker/docker-client';
import { ContainerExitedError } from '../../../runner/docker/wait/container-exited-error';
import { LogLineWait } from '../../../runner/docker/wait/log-line-wait';

const READY = 'ready for connections';

/**
 * A container whose log is given as follows, one per call of followLogs: each logs its lines, then
 * ends (the container stopped, or Docker ended the stream) or, if `holds`, stays open until aborted.
 */
function container(follows: Array<{ lines: string[]; holds?: boolean }>, running: boolean) {
  const sinces: Array<string | undefined> = [];
  let clock = 0;
  const docker = {
    followLogs: async (_id: string, onLine: (line: LogLine) => void, opts: FollowOptions = {}) => {
      sinces.push(opts.since);
      const follow = follows.shift() ?? { lines: [], holds: true };
      for (const text of follow.lines) {
        if (opts.signal?.aborted) return;
        onLine({ text, time: `t${++clock}` });
      }
      if (follow.holds && !opts.signal?.aborted) {
        await new Promise<void>((resolve) => opts.signal?.addEventListener('abort', () => resolve()));
      }
    },
    inspectContainer: async () => ({ running, exitCode: running ? 0 : 3, oomKilled: false }),
  } as unknown as DockerClient;
  return { docker, sinces };
}

const wait = new LogLineWait('MySQL', 'say it is ready', (line) => line === READY);

describe('LogLineWait', () => {
  it('is ready at the line it accepts', async () => {
    const { docker } = container([{ lines: ['starting', READY, 'later'], holds: true }], true);
    await expect(wait.waitUntilReady(docker, 'c', 1000)).resolves.toBeUndefined();
  });

  it('follows again from the last line when Docker ends the stream of a running container', async () => {
    const { docker, sinces } = container([{ lines: ['starting'] }, { lines: [READY], holds: true }], true);
    await wait.waitUntilReady(docker, 'c', 1000);
    expect(sinces).toEqual([undefined, 't1']);
  });

  it('reports a container that stopped without the line as exited, with its exit code', async () => {
    const { docker } = container([{ lines: ['init script failed'] }], false);
    const failure = wait.waitUntilReady(docker, 'c', 1000);
    await expect(failure).rejects.toBeInstanceOf(ContainerExitedError);
    await expect(failure).rejects.toThrow('MySQL exited with code 3 before it was ready');
  });

  it('names what it waited for and the limit when the line never comes', async () => {
    const { docker } = container([{ lines: ['starting'], holds: true }], true);
    const failure = wait.waitUntilReady(docker, 'c', 50);
    await expect(failure).rejects.toBeInstanceOf(TimeoutError);
    await expect(failure).rejects.toThrow('MySQL did not say it is ready after 50 ms');
  });
});
