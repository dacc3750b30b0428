import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { silentProgress } from '../../../runner/common/progress';
import { DockerodeClient } from '../../../runner/docker/dockerode-client';
import { findLab } from '../../../runner/lab';
import { LABEL } from '../../../runner/docker/labels';
import { DockerGrader } from '../../../runner/server/grading/docker-grader';
import { realDocker, leftovers } from '../../support/docker';

/** The server's grader on the real engine: readiness, and learner errors kept apart from the machine's. */
const LABS = join(__dirname, '../../../labs');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'backlab-grader-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('DockerGrader', () => {
  it('is ready when Docker answers and every image is built', async () => {
    const readiness = await new DockerGrader({ docker: realDocker() }).readiness();
    expect(readiness).toMatchObject({ ready: true, docker: { reachable: true } });
    expect(readiness.images.length).toBeGreaterThan(0);
    expect(readiness.images.every((i) => i.state === 'ready')).toBe(true);
  });

  it('says why it is not ready when Docker is not there', async () => {
    const nowhere = new DockerodeClient(new Docker({ socketPath: join(work, 'no-docker.sock') }));
    const readiness = await new DockerGrader({ docker: nowhere }).readiness();
    expect(readiness.ready).toBe(false);
    expect(readiness.reason).toMatch(
      /^Docker is not reachable \(.*no-docker\.sock.*\); submissions wait until it is$/,
    );
    expect(readiness.docker.reachable).toBe(false);
  });

  it("grades an app that crashes on start as the learner's error, not an infrastructure failure", async () => {
    const lab = await findLab(LABS, 'login-system');
    const submissionDir = join(work, 'crashes');
    await cp(lab.solutionDir, submissionDir, { recursive: true });
    await cp(join(lab.dir, 'submissions/crashes-on-start/server.js'), join(submissionDir, 'server.js'));
    const docker = realDocker();
    const outcome = await new DockerGrader({ docker }).grade(
      { submissionId: 's-crash-test', attemptNumber: 1, lab, submissionDir, runDir: join(work, 'run') },
      silentProgress,
      new AbortController().signal,
    );
    expect(outcome.kind).toBe('graded');
    if (outcome.kind !== 'graded') return;
    expect(outcome.result.status).toBe('error');
    expect(outcome.result.error?.phase).toBe('appStart');
    expect(await leftovers(docker, outcome.result.runId)).toEqual([]);
  }, 120_000);

  it('stops a grade whose signal aborts (the lease is lost): it ends soon and leaves no container', async () => {
    const lab = await findLab(LABS, 'login-system');
    const docker = realDocker();
    const controller = new AbortController();
    const started = Date.now();
    let runningSince: number | undefined;
    const progress = {
      ...silentProgress,
      // Aborted once the first stage runs, with every container of the grade up.
      step: (title: string) => {
        if (title.startsWith('Stage 1/') && !runningSince) {
          runningSince = Date.now();
          controller.abort();
        }
        return silentProgress.step(title);
      },
    };
    const outcome = await new DockerGrader({ docker }).grade(
      {
        submissionId: 's-abort-test',
        attemptNumber: 1,
        lab,
        submissionDir: lab.solutionDir,
        runDir: join(work, 'abort'),
      },
      progress,
      controller.signal,
    );
    expect(runningSince).toBeDefined();
    // The whole grade takes over 10 s; stopped, what remained of it took a few.
    expect(Date.now() - runningSince!).toBeLessThan(8000);
    const runId = outcome.kind === 'graded' ? outcome.result.runId : outcome.runIds?.[0];
    expect(outcome.kind === 'graded' ? outcome.result.status : 'infrastructure').not.toBe('pass');
    expect(await docker.listContainers({ [LABEL.workspace]: 's-abort-test' })).toEqual([]);
    expect(runId && (await leftovers(docker, runId))).toEqual([]);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);
});
