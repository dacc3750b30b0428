import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeRun, sweepOrphans } from '../../../runner/docker/cleanup';
import { currentOwner, RUN_TTL_MS, runLabels, type Lifetime } from '../../../runner/docker/labels';
import { makeRunFolder } from '../../../runner/docker/run-folders';
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

// Run folders are swept here, never in the real temporary folder: these tests call processes dead at will.
let tempRoot: string;
beforeEach(async () => {
  tempRoot = await mkdtemp(join(tmpdir(), 'backlab-cleanup-test-'));
});
afterEach(() => rm(tempRoot, { recursive: true, force: true }));

describe('sweepOrphans', () => {
  it('removes every object of runs whose owner died on this host, and nothing else', async () => {
    const docker = world();
    const report = await sweepOrphans(docker.client(), { isAlive, owner: { pid: 999, host }, tempRoot });
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
      tempRoot,
    });
    expect(report.runs).toEqual(['dead', 'dev']);
    expect(docker.objects.has('dev-mysql')).toBe(false);
    expect(docker.objects.has('deps-cache')).toBe(true);
  });

  it("never sweeps the calling process's own runs", async () => {
    const docker = world();
    const report = await sweepOrphans(docker.client(), {
      isAlive: () => false,
      owner: { pid: 111, host },
      tempRoot,
    });
    expect(report.runs).toEqual(['alive']);
  });
});

describe('sweepOrphans and the time to live', () => {
  it('removes runs of owners on other hosts once their time to live has passed, not before', async () => {
    const docker = world();
    const later = Date.now() + RUN_TTL_MS + 60_000;
    const early = await sweepOrphans(docker.client(), { isAlive, owner: { pid: 999, host }, tempRoot });
    expect(early.runs).toEqual(['dead']);
    const late = await sweepOrphans(docker.client(), {
      isAlive,
      owner: { pid: 999, host },
      tempRoot,
      now: () => later,
    });
    // The live local run past its time is stuck, and goes too; development environments and caches stay.
    expect(late.runs).toEqual(['alive', 'elsewhere']);
    expect([...docker.objects.keys()].sort()).toEqual(['deps-cache', 'dev-mysql']);
  });
});

describe('sweepOrphans and run folders', () => {
  /** A folder as makeRunFolder leaves it, recorded as made by `pid` on `ownerHost`. */
  async function folderOf(name: string, pid: number, ownerHost = host): Promise<void> {
    await mkdir(join(tempRoot, name, 'files'), { recursive: true });
    await writeFile(join(tempRoot, name, 'owner.json'), JSON.stringify({ pid, host: ownerHost }));
  }
  const sweep = () =>
    sweepOrphans(new FakeDocker().client(), { isAlive, owner: { pid: 999, host }, tempRoot });

  it('removes the folders of dead owners on this host and counts them', async () => {
    await folderOf('backlab-grade-dead01', 111);
    await folderOf('backlab-overlay-dead02', 111);
    // A scale-out worker's private folder, left by a worker killed with SIGKILL.
    await folderOf('backlab-worker-dead03', 111);
    await folderOf('backlab-validate-alive1', 222);
    await folderOf('backlab-grade-elsewh', 111, 'another-host');
    await folderOf('backlab-grade-myself', 999);
    expect((await sweep()).folders).toBe(3);
    expect((await readdir(tempRoot)).sort()).toEqual([
      'backlab-grade-elsewh',
      'backlab-grade-myself',
      'backlab-validate-alive1',
    ]);
  });

  it('never removes what is not a run folder of ours', async () => {
    await folderOf('backlab-jest-cache-0', 111);
    await folderOf('backlab-grade-toolong7', 111);
    await mkdir(join(tempRoot, 'backlab-grade-nomark'));
    await mkdir(join(tempRoot, 'backlab-grade-badmrk'));
    await writeFile(join(tempRoot, 'backlab-grade-badmrk', 'owner.json'), '{"pid": "111"}');
    await folderOf('elsewhere', 111);
    await symlink(join(tempRoot, 'elsewhere'), join(tempRoot, 'backlab-grade-linked'));
    expect((await sweep()).folders).toBe(0);
    expect(await readdir(join(tempRoot, 'elsewhere'))).toEqual(['files', 'owner.json']);
    expect(await readdir(tempRoot)).toHaveLength(6);
  });

  it('sweeps a folder made by makeRunFolder once its owner is gone', async () => {
    const folder = await makeRunFolder('grade', tempRoot);
    await writeFile(join(folder.dir, 'app.log'), 'listening\n');
    const live = await sweepOrphans(new FakeDocker().client(), { tempRoot });
    expect(live.folders).toBe(0);
    const dead = await sweepOrphans(new FakeDocker().client(), {
      tempRoot,
      owner: { pid: 1, host },
      isAlive: () => false,
    });
    expect(dead.folders).toBe(1);
    expect(await readdir(tempRoot)).toEqual([]);
  });
});

describe('removeRun', () => {
  it('removes containers before networks and volumes', async () => {
    const docker = world();
    await removeRun(docker.client(), 'dead');
    expect(docker.removed).toEqual(['dead-app', 'dead-mysql', 'dead-net', 'dead-vol']);
  });
});
