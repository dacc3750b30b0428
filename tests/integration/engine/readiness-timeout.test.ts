import { IMAGE } from '../../../runner/docker/images/catalog';
import { LABEL, currentOwner, runLabels } from '../../../runner/docker/labels';
import { newRunId, resourceName } from '../../../runner/docker/names';
import { startContainer } from '../../../runner/docker/start-container';
import { ExecWait } from '../../../runner/docker/wait/exec-wait';
import { removeRun } from '../../../runner/docker/cleanup';
import { realDocker } from '../../support/docker';

const docker = realDocker();

describe('a container that never becomes ready (real Docker)', () => {
  it('fails after its timeout with the subject, the limit and its last log lines, and is removed first', async () => {
    const runId = newRunId();
    const labels = runLabels({ runId, workspace: 'readiness-test', lifetime: 'run', owner: currentOwner() });
    try {
      const attempt = startContainer(
        docker,
        {
          name: resourceName(runId, 'never-ready'),
          image: IMAGE.node,
          labels,
          cmd: ['sh', '-c', 'echo "booting the thing"; echo "still waiting for nothing" >&2; sleep 60'],
        },
        {
          subject: 'the probe service',
          timeoutMs: 1500,
          wait: new ExecWait('the probe service', 'create /tmp/ready', ['test', '-f', '/tmp/ready']),
        },
      );
      await expect(attempt).rejects.toThrow(
        /the probe service did not create \/tmp\/ready after 1500 ms\n--- last log lines ---\n(?=[\s\S]*booting the thing)(?=[\s\S]*still waiting for nothing)/,
      );
      expect(await docker.listContainers({ [LABEL.run]: runId })).toEqual([]);
    } finally {
      await removeRun(docker, runId);
    }
  });
});
