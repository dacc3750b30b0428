import { chmod, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { sleep } from '../common/poll';
import { packageRoot } from '../common/package-root';
import type { DockerClient, Labels, Mount } from '../docker/docker-client';
import { IMAGE } from '../docker/images/catalog';
import { withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { parseJestReport, type JestReport, type ParsedStage } from './jest-report';
import { RUNNER_PATHS, stageJestConfig } from './stage-jest-config';
import {
  CONTROL_DIR_VARIABLE,
  doneFile,
  GATE_VARIABLE,
  gateFile,
  PROTOCOL_POLL_MS,
  requestFile,
  type StageDone,
  type StageRequest,
  writeWhole,
} from './stage-protocol';
import { SUITE_ORDER_VARIABLE } from './suite-order';

export interface StageRunnerSpec {
  docker: DockerClient;
  runId: string;
  labels: Labels;
  network: string;
  labDir: string;
  submissionDir: string;
  /** A host folder of this run for the reports and the runner's requests. */
  workDir: string;
}

export interface StageSuites {
  stageId: string;
  /** Absolute paths on the host, inside labDir. */
  visibleFiles: string[];
  hiddenFiles: string[];
  /** Coordinates of the app and services for the lab kit. */
  kitEnv: Record<string, string>;
  timeoutMs: number;
}

export type StageSuiteOutcome =
  ({ kind: 'ran' } & ParsedStage) | { kind: 'timeout' } | { kind: 'crashed'; output: string };

interface RunnerContainer {
  id: string;
  /** The control folder on the host. */
  controlDir: string;
  /** The same folder as the container sees it, under /results. */
  controlDirInside: string;
  sequence: number;
  exitCode?: number;
}

const { lab: LAB, results: RESULTS } = RUNNER_PATHS;

/**
 * One test-runner container per grade, on the run's network, that runs the stages one after the
 * other (stage-runner-main.ts): the tests reach the app and databases by name, and the app never
 * sees the tests or expected values. It starts while the app installs. A stage that outlives its
 * limit, or kills the runner, costs the runner: the next stage gets a new one.
 */
export class StageRunner {
  private current: Promise<RunnerContainer> | undefined;
  private generation = 0;
  private closed = false;

  constructor(private readonly spec: StageRunnerSpec) {}

  /** Starts the runner now so that it is ready when the first stage comes. */
  warmUp(): Promise<void> {
    return this.container().then(() => undefined);
  }

  /**
   * Runs a stage's suites once `ready` (the services' reset) resolves true: jest sets itself up
   * meanwhile and waits at the stage's gate. False cancels the stage; the runner is then replaced.
   * The stage's time limit counts from the gate.
   */
  async run(stage: StageSuites, ready: Promise<boolean> = Promise.resolve(true)): Promise<StageSuiteOutcome> {
    const container = await this.container();
    const sequence = ++container.sequence;
    const files = [...stage.visibleFiles, ...stage.hiddenFiles].map((f) => this.inContainer(f));
    const hidden = new Set(stage.hiddenFiles.map((f) => this.inContainer(f)));
    const reportName = `${stage.stageId}.report.json`;
    const request: StageRequest = {
      files,
      // Only the folders holding the suites: starter/ and solution/ would confuse jest's module map.
      config: stageJestConfig([...new Set(files.map((f) => f.split('/').slice(0, 3).join('/')))]),
      reportFile: `${RESULTS}/${reportName}`,
      env: {
        ...stage.kitEnv,
        BACKLAB_STAGE: stage.stageId,
        [SUITE_ORDER_VARIABLE]: JSON.stringify(files),
        [GATE_VARIABLE]: gateFile(sequence, container.controlDirInside),
      },
    };
    await writeWhole(requestFile(sequence, container.controlDir), JSON.stringify(request));
    const go = await ready;
    await writeWhole(gateFile(sequence, container.controlDir), go ? 'go' : 'cancel');
    if (!go) {
      await this.discard();
      return { kind: 'crashed', output: 'the stage was cancelled before its tests ran' };
    }

    const done = await this.awaitDone(container, sequence, stage.timeoutMs);
    if (done === 'timeout') {
      await this.discard();
      return { kind: 'timeout' };
    }
    if (done === 'exited') {
      const output = await this.spec.docker.logs(container.id, 40).catch(() => '');
      await this.discard();
      return { kind: 'crashed', output };
    }
    if (!done.ok) return { kind: 'crashed', output: done.error };
    const report = await readFile(join(this.spec.workDir, reportName), 'utf8').catch(() => undefined);
    if (!report) return { kind: 'crashed', output: await this.spec.docker.logs(container.id, 40) };
    return {
      kind: 'ran',
      ...parseJestReport(
        JSON.parse(report) as JestReport,
        (f) => hidden.has(f),
        (f) => f.replace(`${LAB}/`, ''),
      ),
    };
  }

  /** Removes the runner's container; the run's teardown would too, this frees it sooner. */
  async close(): Promise<void> {
    this.closed = true;
    await this.discard();
  }

  private inContainer(file: string): string {
    return `${LAB}/${relative(this.spec.labDir, file).split('\\').join('/')}`;
  }

  private container(): Promise<RunnerContainer> {
    // After the run's teardown began, a new container would outlive it.
    if (this.closed) return Promise.reject(new Error('the test runner was closed'));
    this.current ??= this.startContainer();
    return this.current;
  }

  private async discard(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    const container = await current?.catch(() => undefined);
    if (container) await this.spec.docker.removeContainer(container.id).catch(() => undefined);
  }

  private async awaitDone(
    container: RunnerContainer,
    sequence: number,
    timeoutMs: number,
  ): Promise<StageDone | 'timeout' | 'exited'> {
    const deadline = Date.now() + timeoutMs;
    const file = doneFile(sequence, container.controlDir);
    for (;;) {
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text) return JSON.parse(text) as StageDone;
      if (container.exitCode !== undefined) return 'exited';
      if (Date.now() >= deadline) return 'timeout';
      await sleep(PROTOCOL_POLL_MS);
    }
  }

  private async startContainer(): Promise<RunnerContainer> {
    const { docker, workDir } = this.spec;
    const generation = ++this.generation;
    const control = `runner-${generation}`;
    const controlDir = join(workDir, control);
    const controlDirInside = `${RESULTS}/${control}`;
    await mkdir(controlDir, { recursive: true });
    // The container runs as the invoking user; a rootless or remapped engine may still need write access.
    await chmod(workDir, 0o777);
    await chmod(controlDir, 0o777);
    const id = await docker.createContainer({
      name: resourceName(this.spec.runId, `tests-${generation}`),
      image: IMAGE.node,
      labels: withRole(this.spec.labels, 'tests'),
      user: `${process.getuid?.() ?? 1000}:${process.getgid?.() ?? 1000}`,
      network: { name: this.spec.network, aliases: [] },
      workingDir: LAB,
      env: {
        [CONTROL_DIR_VARIABLE]: controlDirInside,
        // The runner and the suite-order sequencer load from /backlab, whose node_modules may be
        // elsewhere (hoisted or linked installs): resolve their imports among jest's modules too.
        NODE_PATH: RUNNER_PATHS.modules,
        BACKLAB_LAB_DIR: LAB,
        BACKLAB_SUBMISSION_DIR: RUNNER_PATHS.submission,
        HOME: '/tmp',
        FORCE_COLOR: '0',
        NO_COLOR: '1',
        CI: 'true',
      },
      cmd: ['node', `${RUNNER_PATHS.backlab}/dist/runner/grading/stage-runner-main.js`],
      mounts: await this.mounts(),
      limits: { memoryBytes: 1024 ** 3, pids: 256, cpus: 1 },
      hardened: true,
      logMaxBytes: 4 * 1024 ** 2,
    });
    const container: RunnerContainer = { id, controlDir, controlDirInside, sequence: 0 };
    await docker.startContainer(id);
    docker.waitContainer(id).then(
      (code) => (container.exitCode = code),
      () => (container.exitCode = -1),
    );
    return container;
  }

  private async mounts(): Promise<Mount[]> {
    const modules = dirname(dirname(require.resolve('jest/package.json')));
    return [
      { type: 'bind', source: packageRoot(), target: RUNNER_PATHS.backlab, readOnly: true },
      { type: 'bind', source: modules, target: RUNNER_PATHS.modules, readOnly: true },
      { type: 'bind', source: this.spec.labDir, target: LAB, readOnly: true },
      { type: 'bind', source: this.spec.submissionDir, target: RUNNER_PATHS.submission, readOnly: true },
      { type: 'bind', source: this.spec.workDir, target: RESULTS },
      { type: 'bind', source: await jestCacheFolder(), target: RUNNER_PATHS.jestCache },
      { type: 'tmpfs', target: '/tmp', sizeBytes: 256 * 1024 ** 2, tmpfsOptions: ['mode=1777'] },
    ];
  }
}

/**
 * Jest's transform cache, kept on the host across stages and grades: compiling a lab's suites
 * costs more than running them, and ts-jest keys its cache on each file's content and config, so
 * a changed suite is compiled again. Only lab code (trusted) runs in the test runner.
 */
async function jestCacheFolder(): Promise<string> {
  const folder = join(tmpdir(), `backlab-jest-cache-${process.getuid?.() ?? 'user'}`);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  return folder;
}
