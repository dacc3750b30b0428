import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentProgress } from '../../../runner/common/progress';
import { Environment } from '../../../runner/services/environment';
import { StageRunner, type StageSuiteOutcome } from '../../../runner/grading/stage-runner';
import { leftovers, realDocker } from '../../support/docker';

/**
 * A stage's tests wait at its gate for the services' reset: the runner's jest sets itself up
 * meanwhile, and no test runs before the grader opens the gate. A closed gate cancels the stage
 * and the next stage gets a new runner.
 */
const docker = realDocker();
let scratch: string;
let env: Environment;
let runner: StageRunner;

// The gate file holds "go" once the grader opened it; a test running earlier finds no file.
const SUITE = `import { readFileSync } from 'node:fs';
test('runs after the gate opened', () => {
  expect(readFileSync(process.env.BACKLAB_STAGE_GATE as string, 'utf8')).toBe('go');
});
`;

function opensAfter(ms: number, open: boolean): Promise<boolean> {
  return new Promise((resolve) => setTimeout(() => resolve(open), ms));
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'backlab-stage-gate-'));
  await mkdir(join(scratch, 'lab', 'tests'), { recursive: true });
  await writeFile(join(scratch, 'lab', 'tests', 'gate.test.ts'), SUITE);
  await mkdir(join(scratch, 'submission'));
  env = await Environment.create(
    { docker, progress: silentProgress },
    { workspace: 'test-stage-gate', lifetime: 'run', internal: true },
  );
  runner = new StageRunner({
    docker,
    runId: env.runId,
    labels: env.labels,
    network: env.network,
    labDir: join(scratch, 'lab'),
    submissionDir: join(scratch, 'submission'),
    workDir: join(scratch, 'work'),
  });
  await runner.warmUp();
}, 120_000);

afterAll(async () => {
  await runner?.close();
  await env?.teardown();
  await rm(scratch, { recursive: true, force: true });
});

const stage = () => ({
  stageId: 'gate',
  visibleFiles: [join(scratch, 'lab', 'tests', 'gate.test.ts')],
  hiddenFiles: [],
  kitEnv: {},
  timeoutMs: 30_000,
});

function passed(outcome: StageSuiteOutcome): string[] {
  if (outcome.kind !== 'ran') throw new Error(`the stage did not run: ${JSON.stringify(outcome)}`);
  return outcome.tests.filter((t) => t.status === 'pass').map((t) => t.name);
}

describe('the stage gate (real Docker)', () => {
  it('runs no test before the gate opens', async () => {
    expect(passed(await runner.run(stage(), opensAfter(5000, true)))).toEqual(['runs after the gate opened']);
  }, 60_000);

  it('cancels a stage whose gate stays shut, and runs the next one on a new runner', async () => {
    const cancelled = await runner.run(stage(), opensAfter(200, false));
    expect(cancelled).toEqual({ kind: 'crashed', output: 'the stage was cancelled before its tests ran' });
    expect(passed(await runner.run(stage(), Promise.resolve(true)))).toEqual(['runs after the gate opened']);
  }, 60_000);

  it('leaves nothing behind', async () => {
    await runner.close();
    await env.teardown();
    expect(await leftovers(docker, env.runId)).toEqual([]);
  });
});
