import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { materialiseOverlay, type MaterialisedFolder } from '../../../runner/authoring/overlay';
import { grade } from '../../../runner/grading/grade';
import type { GradeResult } from '../../../runner/grading/result';
import type { Lab } from '../../../runner/lab';
import { LABEL } from '../../../runner/docker/labels';
import { realDocker } from '../../support/docker';
import { loadFixtureLab } from '../../support/labs';
import { recordingProgress } from '../../support/progress';

/**
 * Real learner apps, as learners write them, graded on the real engine against a tiny lab. Each
 * must end as a precise pass, fail or error, never a crash, a hang or a leftover container.
 *
 * Graded elsewhere, so not here again: an app bound to 127.0.0.1, one on a hard-coded port, one
 * over its memory limit at start and one that crashes mid-test are adversarial cases
 * (localhost-only, wrong-port, memory-hog-at-start, crash-after-first-request: the same verdict,
 * message, hint and log checks on the same lab); an ES module app passes as the known answer
 * labs/login-system/submissions/esm-app and as three learner-corpus projects.
 */
const docker = realDocker();
const fixtures = join(__dirname, '..', '..', 'fixtures', 'grading');
let lab: Lab;

beforeAll(async () => {
  lab = await loadFixtureLab(join(fixtures, 'hello-lab'));
});

/** Files of the solution a submission does not have (it keeps its entry point elsewhere). */
const REMOVED: Record<string, string[]> = { 'no-start-script': ['server.js'] };

/** Each submission folder holds only what differs from the fixture lab's solution. */
async function submissionFolder(name: string): Promise<MaterialisedFolder> {
  const solution = join(fixtures, 'hello-lab', 'solution');
  if (name === 'good') return { dir: solution, dispose: async () => {} };
  const overlay = join(fixtures, 'submissions', name);
  return materialiseOverlay({ base: solution, overlay, skip: [], remove: REMOVED[name] });
}

async function gradeFolder(name: string, submissionDir: string, labOverride?: Lab): Promise<GradeResult> {
  const runDir = await mkdtemp(join(tmpdir(), 'backlab-learner-apps-'));
  try {
    const result = await grade(
      { docker, progress: recordingProgress() },
      { lab: labOverride ?? lab, submissionDir, hidden: false, workspace: `test-${name}`, runDir },
    );
    expect(await docker.listContainers({ [LABEL.run]: result.runId })).toEqual([]);
    return result;
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

async function gradeSubmission(name: string): Promise<GradeResult> {
  const folder = await submissionFolder(name);
  try {
    return await gradeFolder(name, folder.dir);
  } finally {
    await folder.dispose();
  }
}

describe('grading learner apps (real Docker)', () => {
  it('passes a correct app, and its sandbox holds: no root, no capabilities, read-only code, capped processes', async () => {
    const result = await gradeSubmission('good');
    const failures = result.stages.flatMap((s) =>
      s.tests.filter((t) => t.status === 'fail').map((t) => `${t.name}: ${t.message}`),
    );
    expect(failures).toEqual([]);
    expect(result).toMatchObject({ status: 'pass', score: 100, maxScore: 100 });
    expect(result.stages.map((s) => s.tests.length)).toEqual([1, 4]);
  });

  it.each([
    ['no-start-script', 'falls back to index.js'],
    ['env-file-start', "keeps the learner's .env (ignored by git) with backlab's PORT taking precedence"],
  ])('passes %s (%s)', async (name) => {
    const result = await gradeSubmission(name);
    expect(result).toMatchObject({ status: 'pass', score: 100 });
  });

  it('grades an app that lives in a subfolder when the lab says so', async () => {
    const inSubfolder: Lab = { ...lab, app: { ...lab.app!, source: { from: 'submission', path: 'api' } } };
    const project = await mkdtemp(join(tmpdir(), 'backlab-subfolder-'));
    try {
      await cp(join(fixtures, 'hello-lab', 'solution'), join(project, 'api'), { recursive: true });
      await writeFile(join(project, 'README.md'), '# my project\n');
      const result = await gradeFolder('in-subfolder', project, inSubfolder);
      expect(result).toMatchObject({ status: 'pass', score: 100 });
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it.each([
    ['invalid-package-json', 'install', /package\.json is not valid JSON: line 3, column \d+/],
    ['unknown-dependency', 'install', /npm install failed \(exit code \d+\):[\s\S]*(404|E404)/],
    [
      'missing-module',
      'appStart',
      /exited with code 1 before it was ready:[\s\S]*Cannot find module 'expresss'/,
    ],
    [
      'exits-at-start',
      'appStart',
      /exited with code 3 before it was ready:[\s\S]*missing configuration, giving up/,
    ],
  ])('reports %s as "could not be graded" in phase %s with the reason', async (name, phase, message) => {
    const result = await gradeSubmission(name);
    expect(result.status).toBe('error');
    expect(result.score).toBe(0);
    expect(result.error?.phase).toBe(phase);
    expect(result.error?.cause).toBe('submission');
    expect(result.error?.message).toMatch(message);
    expect(result.error?.hint).toBeTruthy();
  });
});
