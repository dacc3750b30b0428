import { posix } from 'node:path';
import type { Environment } from '../services/environment';
import { installDependencies, type InstalledApp } from '../sandbox/install-dependencies';
import { installCommand, readPackageJson, type PackageInfo } from '../sandbox/package-json';
import { detectStartCommand, type StartCommand } from '../sandbox/start-command';
import { TEST_DRIVER_START, testDriverMount } from '../sandbox/test-driver-mount';
import type { GradeContext, GradeRequest } from './grade';
import { AppInstances, type SandboxedApp } from './sandboxed-app';
import { resolveSource } from './service-specs';
import { NODE_RUNTIME, runtimeOf, type RuntimeFacts } from '../runtimes/app-runtime';
import { installInterpreted } from '../runtimes/interpreted-install';
import { detectPhpStart } from '../runtimes/php-start';
import { detectPythonStart } from '../runtimes/python-start';

export type { SandboxedApp } from './sandboxed-app';

interface Installed extends AppFolder {
  installed: InstalledApp;
  start: StartCommand;
  /** A Node.js app's package.json; Python and PHP apps have none. */
  pkg?: PackageInfo;
}

/**
 * The learner's app from folder to containers ready to start: read package.json, choose the
 * install and start commands, install (or reuse cached) dependencies and build.
 */
async function prepare(ctx: GradeContext, env: Environment, req: GradeRequest): Promise<SandboxedApp> {
  const { installed, start, pkg, appDir, appPath, runtime } = await install(ctx, env, req);
  const { lab } = req;
  const base = {
    docker: ctx.docker,
    runId: env.runId,
    labels: { ...env.labels, ...installed.appLabels },
    network: env.network,
    volume: installed.volume,
    binDirs: installed.binDirs,
    installEnv: installed.env,
    mounts: lab.app!.kind === 'tests' ? [...installed.mounts, testDriverMount()] : installed.mounts,
    appPath,
    startCommand: start.command,
    port: lab.app!.port,
    limits: { memoryBytes: lab.limits.memoryBytes, cpus: lab.limits.cpus, pids: lab.limits.pids },
    ready: lab.app!.ready,
    runtime: req.runtime,
    image: runtime.image,
    app: pkg && {
      declared: Object.keys({ ...pkg.json.dependencies, ...pkg.json.devDependencies }),
      hostDir: appDir,
      sandboxDir: posix.join('/app', appPath),
    },
  };
  return new AppInstances(ctx, env, lab, base, start);
}

interface AppFolder {
  /** What is copied into the sandbox: the app's folder, or the whole submission around it. */
  sourceDir: string;
  appDir: string;
  appPath: string;
  runtime: RuntimeFacts;
}

async function install(ctx: GradeContext, env: Environment, req: GradeRequest): Promise<Installed> {
  const labApp = req.lab.app!;
  const appDir = resolveSource(labApp.source, req.submissionDir);
  // A lab-provided app is copied on its own; a learner's app with the whole submission around it.
  const [sourceDir, appPath] =
    labApp.source.from === 'lab' ? [appDir, '.'] : [req.submissionDir, labApp.source.path];
  // A test suite runs in the Node.js image, whatever else its folder holds.
  const runtime = labApp.kind === 'tests' ? NODE_RUNTIME : await runtimeOf(appDir, labApp.runtime);
  const folder = { sourceDir, appDir, appPath, runtime };
  const node = runtime.id === 'node';
  const step = ctx.progress.step(node ? 'Installing dependencies' : `Preparing your ${runtime.title} app`);
  try {
    const done = node
      ? await installNode(ctx, env, req, folder)
      : await prepareInterpreted(ctx, env, req, folder);
    step.succeed(done.summary);
    if (done.start.note) ctx.progress.info(done.start.note);
    for (const note of done.notes) ctx.progress.warn(note);
    for (const link of done.installed.skippedLinks) ctx.progress.warn(`skipped symbolic link ${link}`);
    return done;
  } catch (err) {
    step.fail(node ? 'could not install dependencies' : 'could not prepare your app');
    throw err;
  }
}

type Prepared = Installed & { summary: string; notes: string[] };

async function installNode(
  ctx: GradeContext,
  env: Environment,
  req: GradeRequest,
  folder: AppFolder,
): Promise<Prepared> {
  const labApp = req.lab.app!;
  const { appDir, appPath } = folder;
  const pkg = await readPackageJson(appDir, appPath === '.' ? 'package.json' : `${appPath}/package.json`);
  // A test suite is not started: the test driver runs it when a stage asks.
  const start =
    labApp.kind === 'tests' ? TEST_DRIVER_START : await detectStartCommand(appDir, pkg, labApp.start);
  const command = installCommand(pkg, labApp.install);
  const installed = await installDependencies({
    docker: ctx.docker,
    runId: env.runId,
    labels: env.labels,
    sourceDir: folder.sourceDir,
    appDir,
    appPath,
    pkg,
    command,
    buildCommand: start.buildCommand,
    timeoutMs: req.lab.limits.installTimeoutMs,
    memoryBytes: req.lab.limits.memoryBytes,
  });
  const summary = installed.fromCache ? 'reused cached dependencies' : `installed with ${command}`;
  return { ...folder, installed, start, pkg, summary, notes: [] };
}

/** A Python or PHP app: placed and checked, with what it needs beyond its image installed. */
async function prepareInterpreted(
  ctx: GradeContext,
  env: Environment,
  req: GradeRequest,
  folder: AppFolder,
): Promise<Prepared> {
  const { appDir, runtime } = folder;
  const labStart = req.lab.app!.start;
  const start =
    runtime.id === 'python'
      ? await detectPythonStart(appDir, labStart)
      : await detectPhpStart(appDir, labStart);
  const installed = await installInterpreted({
    docker: ctx.docker,
    runId: env.runId,
    labels: env.labels,
    ...folder,
    timeoutMs: req.lab.limits.installTimeoutMs,
    memoryBytes: req.lab.limits.memoryBytes,
  });
  return {
    ...folder,
    installed,
    start,
    summary: `${runtime.title}, started with ${start.source}`,
    notes: installed.notes,
  };
}

export const startSandboxedApp = { prepare };
