import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentProgress } from '../../../runner/common/progress';
import type { DockerClient } from '../../../runner/docker/docker-client';
import { grade } from '../../../runner/grading/grade';
import { gradeDeadlineMs } from '../../../runner/grading/grade-deadline';
import { loadLab, type Lab } from '../../../runner/lab';

/**
 * An engine that has every image and then never answers: the one wait no phase limit bounds.
 * `hung` resolves when the grade first waits on it.
 */
function hangingDocker(): { docker: DockerClient; hung: Promise<void> } {
  let reached: () => void = () => {};
  const hung = new Promise<void>((resolve) => (reached = resolve));
  const answers: Partial<Record<keyof DockerClient, unknown>> = {
    inspectImage: { id: 'sha256:image', created: '', labels: {} },
    listContainers: [],
    listNetworks: [],
    listVolumes: [],
  };
  const docker = new Proxy({} as DockerClient, {
    get: (_target, name: string) => () => {
      if (name in answers) return Promise.resolve(answers[name as keyof DockerClient]);
      reached();
      return new Promise(() => {});
    },
  });
  return { docker, hung };
}

let lab: Lab;
let runDir: string;

beforeAll(async () => {
  const loaded = await loadLab(join(__dirname, '../../../labs/login-system'));
  if (!loaded.ok) throw new Error('login-system does not load');
  lab = loaded.lab;
});
beforeEach(async () => (runDir = await mkdtemp(join(tmpdir(), 'backlab-deadline-'))));
afterEach(async () => {
  jest.useRealTimers();
  await rm(runDir, { recursive: true, force: true });
});

test('the deadline adds up every phase limit of the lab', () => {
  const { installTimeoutMs, stageTimeoutMs } = lab.limits;
  const limits = 2 * installTimeoutMs + 2 * lab.app!.ready.timeoutMs + lab.stages.length * stageTimeoutMs;
  expect(gradeDeadlineMs(lab, lab.stages.length)).toBeGreaterThan(limits);
  expect(gradeDeadlineMs(lab, 1)).toBeLessThan(gradeDeadlineMs(lab, lab.stages.length));
});

test('a grade whose engine stops answering ends at its deadline with the phase it was in', async () => {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
  const { docker, hung } = hangingDocker();
  const result = grade(
    { docker, progress: silentProgress },
    { lab, submissionDir: lab.solutionDir, hidden: false, workspace: 'deadline-test', runDir },
  );
  await hung;
  await jest.advanceTimersByTimeAsync(gradeDeadlineMs(lab, lab.stages.length));
  const graded = await result;
  expect(graded.status).toBe('error');
  expect(graded.error).toMatchObject({ phase: 'services', cause: 'infrastructure' });
  expect(graded.error?.message).toMatch(/did not finish within its overall limit of \d+ seconds/);
  expect(graded.stages).toEqual([]);
});
