import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { packFolder } from '../../../runner/cli/remote/pack-folder';
import { ShutdownHooks } from '../../../runner/common/shutdown';
import { removeRun } from '../../../runner/docker/cleanup';
import type { ContainerSpec, DockerClient } from '../../../runner/docker/docker-client';
import { LABEL } from '../../../runner/docker/labels';
import { findLab } from '../../../runner/lab';
import { DEFAULT_RATE_LIMIT } from '../../../runner/server/api/rate-limit';
import { DockerGrader } from '../../../runner/server/grading/docker-grader';
import { silentLog } from '../../../runner/server/server-log';
import { startServer, type RunningServer } from '../../../runner/server/start-server';
import { DEFAULT_UPLOAD_LIMITS } from '../../../runner/server/uploads/upload-limits';
import { realDocker } from '../../support/docker';

/**
 * The real engine, reached through a client that loses Docker as soon as the learner's app has
 * started (as when dockerd is restarted mid-grade) and finds it again on `back()`.
 */
function losesDockerOnceTheAppStarts(docker: DockerClient): DockerClient & { back(): void; gone(): boolean } {
  let gone = false;
  const apps = new Set<string>();
  const client = new Proxy(docker, {
    get(target, property) {
      if (property === 'back') return () => (gone = false);
      if (property === 'gone') return () => gone;
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
  return client as DockerClient & { back(): void; gone(): boolean };
}

const LABS = join(__dirname, '../../../labs');
// The engine labels a grade's objects with the submission id as their workspace.
const SUBMISSION = LABEL.workspace;
const docker = realDocker();
let work: string;
let server: RunningServer | undefined;
let submissionId: string | undefined;

/** Names of the run objects of a submission's grades (the engine labels them with its id). */
async function objectsOf(submissionId: string): Promise<string[]> {
  const filter = { [SUBMISSION]: submissionId, [LABEL.lifetime]: 'run' };
  const found = await Promise.all([
    docker.listContainers(filter),
    docker.listNetworks(filter),
    docker.listVolumes(filter),
  ]);
  return found.flat().map((o) => o.name);
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'backlab-docker-gone-'));
});
afterAll(async () => {
  await server?.close();
  // Only what this test's own submission left, whatever the outcome.
  if (submissionId) {
    const mine = await docker.listContainers({ [SUBMISSION]: submissionId });
    for (const run of new Set(mine.map((c) => c.labels[LABEL.run]))) if (run) await removeRun(docker, run);
  }
  await rm(work, { recursive: true, force: true });
});

describe('the server, when Docker goes away mid-grade', () => {
  it("removes that grade's containers once Docker answers again, without a restart", async () => {
    const flaky = losesDockerOnceTheAppStarts(docker);
    let instructor = '';
    server = await startServer({
      host: '127.0.0.1',
      port: 0,
      dataDir: join(work, 'data'),
      labsDir: LABS,
      workers: 1,
      uploadLimits: DEFAULT_UPLOAD_LIMITS,
      rateLimit: DEFAULT_RATE_LIMIT,
      maxQueued: 10,
      leaseMs: 30_000,
      // No second grade while this one's leftovers are watched.
      retryDelayMs: () => 600_000,
      readinessTtlMs: 0,
      drainTimeoutMs: 1000,
      hooks: new ShutdownHooks(),
      log: silentLog,
      onInstructorToken: (token) => (instructor = token),
      grader: new DockerGrader({ docker: flaky }),
    });
    const url = server.url;
    const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
    const learner = (await request(url).post('/api/tokens').set(auth(instructor)).send({ name: 'ada' })).body
      .token as string;
    const solution = join(work, 'solution');
    await cp((await findLab(LABS, 'login-system')).solutionDir, solution, { recursive: true });
    const { archive } = await packFolder(solution);
    const posted = await request(url)
      .post('/api/submissions?lab=login-system')
      .set(auth(learner))
      .type('application/gzip')
      .send(archive);
    expect(posted.status).toBe(202);
    const id = posted.body.id as string;
    submissionId = id;

    const failures = async () =>
      ((await request(url).get(`/api/submissions/${id}`).set(auth(learner))).body.attempts?.[0]?.failures ??
        []) as string[];
    await until(async () => (await failures()).length === 1, 180_000, 'an infrastructure failure');
    expect(flaky.gone()).toBe(true);
    // What the grade could not remove with Docker gone: the app, MySQL, their network.
    expect((await objectsOf(id)).length).toBeGreaterThan(1);

    flaky.back();
    await until(async () => (await objectsOf(id)).length === 0, 30_000, 'the run removed');
  }, 240_000);
});
