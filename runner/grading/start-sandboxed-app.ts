import { posix } from 'node:path';
import type { Environment } from '../services/environment';
import { installDependencies, type InstalledApp } from '../sandbox/install-dependencies';
import { installCommand, readPackageJson, type PackageInfo } from '../sandbox/package-json';
import { detectStartCommand, type StartCommand } from '../sandbox/start-command';
import { TEST_DRIVER_START, testDriverMount } from '../sandbox/test-driver-mount';
import type { GradeContext, GradeRequest } from './grade';
import { AppInstances, type SandboxedApp } from './sandboxed-app';
import { resolveSource } from './service-specs';

export type { SandboxedApp } from './sandboxed-app';

interface Installed {
  installed: InstalledApp;
  start: StartCommand;
  pkg: PackageInfo;
  appDir: string;
  appPath: string;
}

/**
 * The learner's app from folder to containers ready to start: read package.json, choose the
 * install and start commands, install (or reuse cached) dependencies and build.
 */
async function prepare(ctx: GradeContext, env: Environment, req: GradeRequest): Promise<SandboxedApp> {
  const { installed, start, pkg, appDir, appPath } = await install(ctx, env, req);
  const { lab } = req;
  const base = {
    docker: ctx.docker,
    runId: env.runId,
    labels: { ...env.labels, ...installed.appLabels },
    network: env.network,
    volume: installed.volume,
    mounts: lab.app!.kind === 'tests' ? [...installed.mounts, testDriverMount()] : installed.mounts,
    appPath,
    startCommand: start.command,
    port: lab.app!.port,
    limits: { memoryBytes: lab.limits.memoryBytes, cpus: lab.limits.cpus, pids: lab.limits.pids },
    ready: lab.app!.ready,
    runtime: req.runtime,
    app: {
      declared: Object.keys({ ...pkg.json.dependencies, ...pkg.json.devDependencies }),
      hostDir: appDir,
      sandboxDir: posix.join('/app', appPath),
    },
  };
  return new AppInstances(ctx, env, lab, base, start);
}

async function install(ctx: GradeContext, env: Environment, req: GradeRequest): Promise<Installed> {
  const labApp = req.lab.app!;
  const appDir = resolveSource(labApp.source, req.submissionDir);
  // A lab-provided app is copied on its own; a learner's app with the whole submission around it.
  const [sourceDir, appPath] =
    labApp.source.from === 'lab' ? [appDir, '.'] : [req.submissionDir, labApp.source.path];
  const shown = appPath === '.' ? 'package.json' : `${appPath}/package.json`;
  const step = ctx.progress.step('Installing dependencies');
  try {
    const pkg = await readPackageJson(appDir, shown);
    // A test suite is not started: the test driver runs it when a stage asks.
    const start =
      labApp.kind === 'tests' ? TEST_DRIVER_START : await detectStartCommand(appDir, pkg, labApp.start);
    const command = installCommand(pkg, labApp.install);
    const installed = await installDependencies({
      docker: ctx.docker,
      runId: env.runId,
      labels: env.labels,
      sourceDir,
      appDir,
      appPath,
      pkg,
      command,
      buildCommand: start.buildCommand,
      timeoutMs: req.lab.limits.installTimeoutMs,
      memoryBytes: req.lab.limits.memoryBytes,
    });
    step.succeed(installed.fromCache ? 'reused cached dependencies' : `installed with ${command}`);
    if (start.note) ctx.progress.info(start.note);
    for (const link of installed.skippedLinks) ctx.progress.warn(`skipped symbolic link ${link}`);
    return { installed, start, pkg, appDir, appPath };
  } catch (err) {
    step.fail('could not install dependencies');
    throw err;
  }
}

export const startSandboxedApp = { prepare };
