/**
 * The program of the test-runner container: one Node process per grade that runs stage after
 * stage with jest's runCLI, so jest, ts-jest and TypeScript load once instead of once per stage.
 * Each test file still gets its own module registry and globals (jest's vm context), so stages
 * share nothing but the loaded tooling.
 *
 * It talks to the grader through files in the shared results folder (see stage-protocol.ts):
 * it reads request N, runs it, writes jest's report, then done N. It never exits by itself; the
 * grader removes its container, also to stop a stage that outlives its limit.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCLI } from 'jest';
// Loaded now, while the app installs, so that the first stage does not pay for them.
import 'ts-jest';
import 'typescript';
import { sleep } from '../common/poll';
import { stageJestConfig } from './stage-jest-config';
import {
  doneFile,
  PROTOCOL_POLL_MS,
  requestFile,
  writeWhole,
  type StageDone,
  type StageRequest,
} from './stage-protocol';

// A test's leftover timer or socket may throw after its file ended, in this process rather than
// in the file's context: the stage it belonged to has its report already; keep serving.
process.on('uncaughtException', (err) => console.error('backlab runner: ignored late error:', err));
process.on('unhandledRejection', (err) => console.error('backlab runner: ignored late rejection:', err));

async function nextRequest(sequence: number): Promise<StageRequest> {
  for (;;) {
    const text = await readFile(requestFile(sequence), 'utf8').catch(() => undefined);
    if (text) return JSON.parse(text) as StageRequest;
    await sleep(PROTOCOL_POLL_MS);
  }
}

async function runStage(request: StageRequest): Promise<StageDone> {
  // jest's node environment copies process.env into each test file: the kit reads it there.
  for (const [name, value] of Object.entries(request.env)) process.env[name] = value;
  try {
    await runCLI(
      {
        _: request.files,
        $0: 'backlab',
        config: JSON.stringify(request.config),
        json: true,
        outputFile: request.reportFile,
        runInBand: true,
        ci: true,
        runTestsByPath: true,
        watchman: false,
      },
      [request.config.rootDir as string],
    );
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

/**
 * One run of an empty test while the app installs: jest's first runCLI loads its runtime,
 * environment, circus and reporters, which is most of a short stage's set-up. The file is the
 * runner's own, in its /tmp; nothing of it reaches a stage but the loaded modules.
 */
async function warmUp(): Promise<void> {
  const dir = '/tmp/backlab-warm-up';
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'warm-up.test.js'), "test('warm-up', () => expect(1).toBe(1));\n");
  await runCLI(
    {
      _: [join(dir, 'warm-up.test.js')],
      $0: 'backlab',
      config: JSON.stringify({ ...stageJestConfig([dir]), rootDir: dir, reporters: [] }),
      runInBand: true,
      ci: true,
      runTestsByPath: true,
      watchman: false,
      silent: true,
    },
    [dir],
  ).catch((err: unknown) => console.error('backlab runner: warm-up failed (stages still run):', err));
}

async function serve(): Promise<void> {
  await warmUp();
  for (let sequence = 1; ; sequence++) {
    const done = await runStage(await nextRequest(sequence));
    await writeWhole(doneFile(sequence), JSON.stringify(done));
  }
}

void serve();
