import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Progress } from '../../../runner/common/progress';
import { materialiseOverlay } from '../../../runner/authoring/overlay';
import { LABEL } from '../../../runner/docker/labels';
import { grade } from '../../../runner/grading/grade';
import type { GradeResult } from '../../../runner/grading/result';
import { loadLab, type Lab } from '../../../runner/lab';
import { realDocker } from '../../support/docker';
import { recordingProgress } from '../../support/progress';

/**
 * Containers that stop in the middle of a grade: the report says which one stopped and how,
 * keeps the stages already graded, and blames the learner only for the learner's app.
 */
const docker = realDocker();
const root = join(__dirname, '..', '..', '..');

async function load(dir: string): Promise<Lab> {
  const loaded = await loadLab(dir);
  if (!loaded.ok) throw new Error(`lab ${dir} does not load`);
  return loaded.lab;
}

async function gradeWith(lab: Lab, dir: string, progress: Progress): Promise<GradeResult> {
  const runDir = await mkdtemp(join(tmpdir(), 'backlab-stopped-'));
  try {
    const result = await grade(
      { docker, progress },
      { lab, submissionDir: dir, hidden: false, workspace: 'test-stopped-containers', runDir },
    );
    expect(await docker.listContainers({ [LABEL.run]: result.runId })).toEqual([]);
    return result;
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

describe('containers that stop during a grade (real Docker)', () => {
  it("reports an app that exits right after readiness as the learner's, with the exit code", async () => {
    const hello = await load(join(root, 'tests', 'fixtures', 'grading', 'hello-lab'));
    const folder = await materialiseOverlay({
      base: hello.solutionDir,
      overlay: join(root, 'tests', 'fixtures', 'grading', 'submissions', 'exits-after-ready'),
      skip: [],
    });
    try {
      const result = await gradeWith(hello, folder.dir, recordingProgress());
      expect(result.error?.message ?? '').not.toMatch(/bug in backlab|HTTP code 409/);
      expect(result.status).toBe('fail');
      const reasons = result.stages.map((s) => s.error ?? '').join('\n');
      expect(reasons).toMatch(/your app \(app\) exited with code 4/);
    } finally {
      await folder.dispose();
    }
  });

  it('fails an app that stops answering, naming why, and grades no further stage against it', async () => {
    const hello = await load(join(root, 'tests', 'fixtures', 'grading', 'hello-lab'));
    const folder = await materialiseOverlay({
      base: hello.solutionDir,
      overlay: join(root, 'tests', 'fixtures', 'grading', 'submissions', 'busy-loop-in-handler'),
      skip: [],
    });
    try {
      // A short stage limit: the hanging request makes the first stage run out of time.
      const quick: Lab = { ...hello, limits: { ...hello.limits, stageTimeoutMs: 15_000 } };
      const result = await gradeWith(quick, folder.dir, recordingProgress());
      expect(result.status).toBe('fail');
      expect(result.stages[0]).toMatchObject({
        status: 'fail',
        error: expect.stringMatching(
          /^your app stopped answering: .*; the tests did not finish within the time limit of 15 seconds$/,
        ),
      });
      expect(result.stages[1]).toMatchObject({
        status: 'fail',
        error: expect.stringMatching(
          /^not graded: your app stopped answering: GET \/health got no answer within 3 s/,
        ),
      });
    } finally {
      await folder.dispose();
    }
  });

  it('keeps the graded stages and calls a database killed mid-grade an infrastructure failure', async () => {
    const login = await load(join(root, 'labs', 'login-system'));
    const progress = recordingProgress();
    let killed: Promise<void> | undefined;
    const killing: Progress = {
      ...progress,
      step(title) {
        if (title.startsWith('Stage 2/') && !killed) {
          killed = docker
            .listContainers({ [LABEL.role]: 'mysql', [LABEL.workspace]: 'test-stopped-containers' })
            .then(async (found) => {
              for (const c of found) await docker.stopContainer(c.id, 0);
            });
        }
        return progress.step(title);
      },
    };
    const result = await gradeWith(login, login.solutionDir, killing);
    await killed;
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ cause: 'infrastructure' });
    expect(result.error!.message).toMatch(/^MySQL stopped during the run \(exit code \d+/);
    expect(result.error!.message).not.toMatch(/bug in backlab/);
    expect(result.stages[0]).toMatchObject({ id: 'register', status: 'pass' });
    expect(result.stages[1]).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/not graded: MySQL stopped/),
    });
  });
});
