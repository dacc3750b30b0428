import { chmod, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { withTimeout } from '../common/poll';
import { packageRoot } from '../common/package-root';
import type { DockerClient, Labels, Mount } from '../docker/docker-client';
import { IMAGE } from '../docker/images/catalog';
import { withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { parseJestReport, type JestReport, type ParsedStage } from './jest-report';
import { SUITE_ORDER_VARIABLE } from './suite-order';

export interface StageSuiteRequest {
  docker: DockerClient;
  runId: string;
  labels: Labels;
  network: string;
  stageId: string;
  labDir: string;
  /** Absolute paths on the host, inside labDir. */
  visibleFiles: string[];
  hiddenFiles: string[];
  submissionDir: string;
  /** Coordinates of the app and services for the lab kit. */
  kitEnv: Record<string, string>;
  /** A host folder for the jest config and report of this run. */
  workDir: string;
  timeoutMs: number;
}

export type StageSuiteOutcome =
  ({ kind: 'ran' } & ParsedStage) | { kind: 'timeout' } | { kind: 'crashed'; output: string };

const LAB = '/lab';
const BACKLAB = '/backlab';
// Named node_modules so that Node's own resolution finds jest's dependencies beside it.
const MODULES = '/deps/node_modules';
const WORK = '/results';
const JEST_CACHE = '/jest-cache';

/**
 * Runs one stage's suites with jest in a container of its own on the run's network: the tests
 * reach the app and databases by name, and the app never sees the tests or expected values.
 */
export async function runStageSuites(req: StageSuiteRequest): Promise<StageSuiteOutcome> {
  const { docker } = req;
  const root = packageRoot();
  const modules = dirname(dirname(require.resolve('jest/package.json')));
  await mkdir(req.workDir, { recursive: true });
  // The container runs as the invoking user; a rootless or remapped engine may still need write access.
  await chmod(req.workDir, 0o777);
  const reportName = `${req.stageId}.report.json`;
  const inContainer = (file: string) => `${LAB}/${relative(req.labDir, file).split('\\').join('/')}`;
  const files = [...req.visibleFiles, ...req.hiddenFiles].map(inContainer);
  // Only the folders holding the suites: starter/ and solution/ would confuse jest's module map.
  const roots = [...new Set(files.map((f) => f.split('/').slice(0, 3).join('/')))];
  const hidden = new Set(req.hiddenFiles.map(inContainer));
  const mounts: Mount[] = [
    { type: 'bind', source: root, target: BACKLAB, readOnly: true },
    { type: 'bind', source: modules, target: MODULES, readOnly: true },
    { type: 'bind', source: req.labDir, target: LAB, readOnly: true },
    { type: 'bind', source: req.submissionDir, target: '/submission', readOnly: true },
    { type: 'bind', source: req.workDir, target: WORK },
    { type: 'bind', source: await jestCacheFolder(), target: JEST_CACHE },
    { type: 'tmpfs', target: '/tmp', sizeBytes: 256 * 1024 ** 2, tmpfsOptions: ['mode=1777'] },
  ];
  const id = await docker.createContainer({
    name: resourceName(req.runId, `tests-${req.stageId}`),
    image: IMAGE.node,
    labels: withRole(req.labels, 'tests'),
    user: `${process.getuid?.() ?? 1000}:${process.getgid?.() ?? 1000}`,
    network: { name: req.network, aliases: [] },
    workingDir: LAB,
    env: {
      ...req.kitEnv,
      BACKLAB_STAGE: req.stageId,
      [SUITE_ORDER_VARIABLE]: JSON.stringify(files),
      // The suite-order sequencer is loaded from /backlab, whose node_modules may be elsewhere
      // (hoisted or linked installs): resolve its imports among jest's own modules too.
      NODE_PATH: MODULES,
      BACKLAB_LAB_DIR: LAB,
      BACKLAB_SUBMISSION_DIR: '/submission',
      HOME: '/tmp',
      FORCE_COLOR: '0',
      NO_COLOR: '1',
      CI: 'true',
    },
    cmd: [
      'node',
      `${MODULES}/jest/bin/jest.js`,
      // Inline JSON: jest resolves a config *file* relative to the working folder in surprising ways.
      `--config=${JSON.stringify(jestConfig(roots))}`,
      '--json',
      `--outputFile=${WORK}/${reportName}`,
      '--runInBand',
      // A response that never ends keeps a socket open after its test timed out; jest would
      // then wait for it until the stage's limit, and the stage could not be graded.
      '--forceExit',
      '--ci',
      '--runTestsByPath',
      ...files,
    ],
    mounts,
    limits: { memoryBytes: 1024 ** 3, pids: 256, cpus: 1 },
    hardened: true,
    logMaxBytes: 4 * 1024 ** 2,
  });
  try {
    await docker.startContainer(id);
    const exitCode = await withTimeout(docker.waitContainer(id), req.timeoutMs);
    if (exitCode === undefined) return { kind: 'timeout' };
    const report = await readFile(join(req.workDir, reportName), 'utf8').catch(() => undefined);
    if (!report) return { kind: 'crashed', output: await docker.logs(id, 40) };
    return {
      kind: 'ran',
      ...parseJestReport(
        JSON.parse(report) as JestReport,
        (f) => hidden.has(f),
        (f) => f.replace(`${LAB}/`, ''),
      ),
    };
  } finally {
    await docker.removeContainer(id).catch(() => undefined);
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

/** Lab suites are TypeScript or JavaScript, transpiled only: a type error in a lab is caught by `backlab validate`. */
function jestConfig(roots: string[]): object {
  return {
    rootDir: LAB,
    roots,
    testEnvironment: 'node',
    testMatch: ['**/*.test.[jt]s'],
    transform: {
      '^.+\\.[jt]s$': [
        `${MODULES}/ts-jest`,
        {
          tsconfig: {
            module: 'commonjs',
            target: 'es2022',
            esModuleInterop: true,
            isolatedModules: true,
            allowJs: true,
            sourceMap: true,
          },
        },
      ],
    },
    moduleNameMapper: { '^backlab/kit$': `${BACKLAB}/dist/runner/kit/index.js` },
    modulePaths: [MODULES],
    transformIgnorePatterns: ['/node_modules/', `^${BACKLAB}/`, `^${MODULES}/`],
    cacheDirectory: JEST_CACHE,
    testSequencer: `${BACKLAB}/dist/runner/grading/suite-order.js`,
    testTimeout: 15000,
    watchman: false,
  };
}
