import { removeRun, sweepOrphans } from '../../../runner/docker/cleanup';
import { currentOwner, runLabels, type Lifetime } from '../../../runner/docker/labels';
import { FakeDocker } from '../../support/fake-docker';

const host = currentOwner().host;
const labels = (runId: string, pid: number, lifetime: Lifetime = 'run', ownerHost = host) =>
  runLabels({ runId, workspace: 'w', lifetime, owner: { pid, host: ownerHost } });

function world(): FakeDocker {
  return new FakeDocker()
    .add('container', 'dead-app', labels('dead', 111))
    .add('container', 'dead-mysql', labels('dead', 111))
    .add('network', 'dead-net', labels('dead', 111))
    .add('volume', 'dead-vol', labels('dead', 111))
    .add('container', 'alive-app', labels('alive', 222))
    .add('container', 'dev-mysql', labels('dev', 111, 'dev'))
    .add('container', 'elsewhere-app', labels('elsewhere', 111, 'run', 'another-host'))
    .add('volume', 'deps-cache', { backlab: '1', 'backlab.lifetime': 'cache' });
}

const isAlive = (pid: number) => pid === 222;

describe('sweepOrphans', () => {
  it('removes every object of runs whose owner died on this host, and nothing else', async () => {
    const docker = world();
    const report = await sweepOrphans(docker.client(), { isAlive, owner: { pid: 999, host } });
    expect(report).toMatchObject({ runs: ['dead'], containers: 2, networks: 1, volumes: 1, failures: [] });
    expect([...docker.objects.keys()].sort()).toEqual([
      'alive-app',
      'deps-cache',
      'dev-mysql',
      'elsewhere-app',
    ]);
  });

  it('removes development environments only when asked to', async () => {
    const docker = world();
    const report = await sweepOrphans(docker.client(), {
      isAlive,
      owner: { pid: 999, host },
      includeDev: true,
    });
    expect(report.runs).toEqual(['dead', 'dev']);
    expect(docker.objects.has('dev-mysql')).toBe(false);
    expect(docker.objects.has('deps-cache')).toBe(true);
  });

  it("never sweeps the calling process's own runs", async () => {
    const docker = world();
    const report = await sweepOrphans(docker.client(), { isAlive: () => false, owner: { pid: 111, host } });
    expect(report.runs).toEqual(['alive']);
  });
});

describe('removeRun', () => {
  it('removes containers before networks and volumes', async () => {
    const docker = world();
    await removeRun(docker.client(), 'dead');
    expect(docker.removed).toEqual(['dead-app', 'dead-mysql', 'dead-net', 'dead-vol']);
  });
});
