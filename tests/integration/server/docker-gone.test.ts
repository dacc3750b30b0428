import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentProgress } from '../../../runner/common/progress';
import { removeRun } from '../../../runner/docker/cleanup';
import type { ContainerSpec, DockerClient } from '../../../runner/docker/docker-client';
import { LABEL } from '../../../runner/docker/labels';
import { findLab } from '../../../runner/lab';
import { DockerGrader } from '../../../runner/server/grading/docker-grader';
import { RunTeardown } from '../../../runner/server/grading/run-teardown';
import { silentLog } from '../../../runner/server/server-log';
import { leftovers, realDocker } from '../../support/docker';

/**
 * The real engine, reached through a client that loses Docker as soon as the learner's app has
 * started (as when dockerd is restarted mid-grade) and finds it again on `back()`.
 */
function losesDockerOnceTheAppStarts(docker: DockerClient): DockerClient & { back(): void } {
  let gone = false;
  const apps = new Set<string>();
  const client = new Proxy(docker, {
    get(target, property) {
      if (property === 'back') return () => (gone = false);
      const method = Reflect.get(target, property, target) as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        if (gone) throw new Error('connect ENOENT /var/run/docker.sock');
        const value = await method.apply(target, args);
        if (property === 'createContainer' && (args[0] as ContainerSpec).labels[LABEL.role] === 'app')
          apps.add(value as string);
        if (property === 'startContainer' && apps.has(args[0] as string)) gone = true;
        return value;
      };
    },
  });
  return client as DockerClient & { back(): void };
}

const LABS = join(__dirname, '../../../labs');
const docker = realDocker();
let work: string;
let runIds: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'backlab-docker-gone-'));
});
afterAll(async () => {
  for (const runId of runIds) await removeRun(docker, runId);
  await rm(work, { recursive: true, force: true });
});

describe('a grade that loses Docker', () => {
  it('is an infrastructure failure naming its runs, whose containers are removed once Docker answers', async () => {
    const lab = await findLab(LABS, 'login-system');
    const submissionDir = join(work, 'solution');
    await cp(lab.solutionDir, submissionDir, { recursive: true });
    const flaky = losesDockerOnceTheAppStarts(docker);
    const grader = new DockerGrader({ docker: flaky });

    const outcome = await grader.grade(
      { submissionId: 's-docker-gone', attemptNumber: 1, lab, submissionDir, runDir: join(work, 'run') },
      silentProgress,
    );
    expect(outcome).toMatchObject({ kind: 'infrastructure', cause: expect.stringContaining('ENOENT') });
    if (outcome.kind !== 'infrastructure') return;
    runIds = outcome.runIds ?? [];
    expect(runIds).toHaveLength(1);
    // What the engine could not remove: the app, MySQL and their network are still there.
    expect((await leftovers(docker, runIds[0])).length).toBeGreaterThan(1);

    const teardown = new RunTeardown((runId) => grader.removeRun(runId), silentLog, Array(20).fill(50));
    teardown.schedule(runIds);
    await new Promise((r) => setTimeout(r, 120));
    expect(teardown.waiting()).toEqual(runIds);
    flaky.back();
    const started = Date.now();
    while (teardown.waiting().length && Date.now() - started < 30_000)
      await new Promise((r) => setTimeout(r, 50));
    expect(teardown.waiting()).toEqual([]);
    expect(await leftovers(docker, runIds[0])).toEqual([]);
  }, 240_000);
});
