import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grade } from '../../../runner/grading/grade';
import type { GradeResult } from '../../../runner/grading/result';
import { loadLab } from '../../../runner/lab';
import { leftovers, realDocker } from '../../support/docker';
import { recordingProgress } from '../../support/progress';

/**
 * The stages of a grade share one long-lived test runner. What one stage's suite does must not
 * reach the next: a suite that hangs past the stage's limit, or kills the runner, costs only its
 * own stage, and a global set by one stage is not seen by the next.
 */
const docker = realDocker();
const hello = join(__dirname, '..', '..', 'fixtures', 'grading', 'hello-lab');

const SUITES: Record<string, string> = {
  'tests/00-hangs.test.ts': `jest.setTimeout(600_000);
test('waits forever', () => new Promise(() => {}));`,
  'tests/00-exits.test.ts': `test('ends the process', () => { process.exit(3); });`,
  'tests/00-leaves-a-global.test.ts': `test('sets a global', () => { (globalThis as any).leftOver = 'stage 3'; });`,
  'tests/00-sees-no-global.test.ts': `test('sees none of the last stage', () => { expect((globalThis as any).leftOver).toBeUndefined(); });`,
};

const MANIFEST = `id: runner-lab
title: Runner lab
summary: Stages whose suites misbehave, then the hello lab's own.
difficulty: beginner
app:
  port: 3000
  ready: { http: GET /health, timeout: 10s }
limits: { memory: 128m, cpus: 1, pids: 48, timeout: 8s, install: 120s }
stages:
  - { id: hangs, title: Hangs, points: 10, tests: tests/00-hangs.test.ts }
  - { id: exits, title: Exits, points: 10, tests: tests/00-exits.test.ts }
  - { id: leaves, title: Leaves a global, points: 10, tests: tests/00-leaves-a-global.test.ts }
  - { id: isolated, title: Sees no global, points: 10, tests: tests/00-sees-no-global.test.ts }
  - { id: hello, title: Say hello, points: 60, tests: tests/01-hello.test.ts }
`;

let result: GradeResult;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'backlab-runner-lab-'));
  const labDir = join(scratch, 'runner-lab');
  await cp(hello, labDir, { recursive: true });
  await writeFile(join(labDir, 'lab.yaml'), MANIFEST);
  for (const [file, text] of Object.entries(SUITES)) await writeFile(join(labDir, file), text);
  const loaded = await loadLab(labDir);
  if (!loaded.ok) throw new Error(`the runner lab does not load: ${JSON.stringify(loaded)}`);
  const runDir = join(scratch, 'run');
  result = await grade(
    { docker, progress: recordingProgress() },
    {
      lab: loaded.lab,
      submissionDir: loaded.lab.solutionDir,
      hidden: false,
      workspace: 'test-stage-runner',
      runDir,
    },
  );
}, 180_000);

afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('the long-lived test runner (real Docker)', () => {
  it('stops a stage that hangs at its limit, naming the limit, and goes on', () => {
    expect(result.stages[0]).toMatchObject({
      id: 'hangs',
      status: 'error',
      error: 'the tests did not finish within the time limit of 8 seconds',
    });
  });

  it('reports a suite that ends the runner, and gives the next stage a new runner', () => {
    expect(result.stages[1]).toMatchObject({ id: 'exits', status: 'error' });
    expect(result.stages[1].error).toMatch(/^the test runner stopped without a report/);
    expect(result.stages.slice(2).map((s) => [s.id, s.status])).toEqual([
      ['leaves', 'pass'],
      ['isolated', 'pass'],
      ['hello', 'pass'],
    ]);
  });

  it('leaves no container, network or volume behind', async () => {
    expect(await leftovers(docker, result.runId)).toEqual([]);
  });
});
