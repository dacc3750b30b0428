import { posix } from 'node:path';
import { withTimeout } from '../common/poll';
import type { Environment } from '../services/environment';
import { installDependencies } from '../sandbox/install-dependencies';
import { installCommand, readPackageJson, type PackageInfo } from '../sandbox/package-json';
import { variablesNaming, type ServiceWhereabouts } from '../sandbox/connection-hint';
import { unresponsiveReason } from '../sandbox/app-health';
import { detectStartCommand } from '../sandbox/start-command';
import {
  createApp,
  startApp,
  waitForAppReady,
  type RunAppRequest,
  type RunningApp,
} from '../sandbox/run-app';
import type { GradeContext, GradeRequest } from './grade';
import { CappedLog } from './capped-log';
import { resolveSource } from './service-specs';

export interface SandboxedApp {
  url: string;
  start(logPath: string): Promise<void>;
  /** Why the app is no longer running, or undefined while it runs. */
  exitReason(): Promise<string | undefined>;
  /** Why the running app no longer answers (process limit, no answer), or undefined when it does. */
  unresponsiveReason(): Promise<string | undefined>;
  /** Waits until the log file has everything the containers printed (call after teardown). */
  closeLogs(): Promise<void>;
  /** Exactly what runs in the app container, how it was chosen, and what was changed. */
  startCommand: string;
  startSource: string;
  startNote?: string;
  /** Where the lab's databases are and the variables naming them (empty before start). */
  services(): ServiceWhereabouts[];
}

/**
 * The learner's app from folder to a ready container: read package.json, choose the install and
 * start commands, install (or reuse cached) dependencies, then start and wait for readiness.
 */
async function prepare(ctx: GradeContext, env: Environment, req: GradeRequest): Promise<SandboxedApp> {
  const labApp = req.lab.app!;
  const appDir = resolveSource(labApp.source, req.submissionDir);
  // A lab-provided app is copied on its own; a learner's app with the whole submission around it.
  const [sourceDir, appPath] =
    labApp.source.from === 'lab' ? [appDir, '.'] : [req.submissionDir, labApp.source.path];
  const shown = appPath === '.' ? 'package.json' : `${appPath}/package.json`;

  const step = ctx.progress.step('Installing dependencies');
  let installed;
  let start;
  let pkgJson: PackageInfo['json'];
  try {
    const pkg = await readPackageJson(appDir, shown);
    pkgJson = pkg.json;
    start = await detectStartCommand(appDir, pkg, labApp.start);
    const command = installCommand(pkg, labApp.install);
    installed = await installDependencies({
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
  } catch (err) {
    step.fail('could not install dependencies');
    throw err;
  }

  const base: Omit<RunAppRequest, 'instance' | 'env'> = {
    docker: ctx.docker,
    runId: env.runId,
    labels: env.labels,
    network: env.network,
    volume: installed.volume,
    appPath,
    startCommand: start.command,
    port: labApp.port,
    limits: { memoryBytes: req.lab.limits.memoryBytes, cpus: req.lab.limits.cpus, pids: req.lab.limits.pids },
    ready: labApp.ready,
    runtime: req.runtime,
    services: [],
    app: {
      declared: Object.keys({ ...pkgJson.dependencies, ...pkgJson.devDependencies }),
      hostDir: appDir,
      sandboxDir: posix.join('/app', appPath),
    },
  };
  const instances: RunningApp[] = [];
  let services: ServiceWhereabouts[] = [];
  const logFollowers: Promise<unknown>[] = [];
  let log: CappedLog | undefined;
  return {
    url: `http://app:${labApp.port}`,
    startCommand: start.command,
    startSource: start.source,
    ...(start.note ? { startNote: start.note } : {}),
    services: () => services,
    async closeLogs() {
      // Followers end when their containers are removed; the bound only guards against a stuck stream.
      await withTimeout(Promise.allSettled(logFollowers), 5000);
      const stream = log;
      if (stream) await stream.end();
    },
    async start(logPath: string) {
      const step = ctx.progress.step(`Starting your app (${start.command})`);
      const out = new CappedLog(logPath);
      log = out;
      try {
        for (let instance = 1; instance <= labApp.instances; instance++) {
          // Read only now: installing runs alongside the services, which are ready only at this point.
          const appEnv = env.appEnv('internal');
          services = whereabouts(env, appEnv);
          const request: RunAppRequest = { ...base, env: appEnv, instance, services };
          const app = await createApp(request);
          instances.push(app);
          const prefix = labApp.instances > 1 ? `[${app.host}] ` : '';
          await startApp(request, app);
          // Following a log only works once the container runs: it ends at once on a created one.
          logFollowers.push(
            ctx.docker
              .followLogs(app.containerId, (line) => out.write(`${prefix}${line}`))
              .catch(() => undefined),
          );
          await waitForAppReady(request, app);
        }
        step.succeed(`ready on port ${labApp.port}`);
      } catch (err) {
        step.fail('your app did not become ready');
        throw err;
      }
    },
    async unresponsiveReason() {
      for (const app of instances) {
        const state = await ctx.docker.inspectContainer(app.containerId);
        const target = {
          port: app.port,
          address: state.addresses[env.network] ?? app.host,
          http: labApp.ready.http,
        };
        const reason = await unresponsiveReason(ctx.docker, app.containerId, target, req.lab.limits.pids);
        if (reason) return labApp.instances > 1 ? `${reason} (${app.host})` : reason;
      }
      return undefined;
    },
    async exitReason() {
      for (const app of instances) {
        const state = await ctx.docker.inspectContainer(app.containerId).catch(() => undefined);
        if (state && !state.running) {
          return state.oomKilled
            ? `your app (${app.host}) ran out of memory and was stopped`
            : `your app (${app.host}) exited with code ${state.exitCode}`;
        }
      }
      return undefined;
    },
  };
}

/** Where the lab's databases are inside the run, and under which variables the app got them. */
function whereabouts(env: Environment, appEnv: Record<string, string>): ServiceWhereabouts[] {
  return env
    .list()
    .filter((s) => s.kind !== 'nginx')
    .map((s) => ({ title: s.title, ...s.internal, variables: variablesNaming(s.internal.host, appEnv) }));
}

export const startSandboxedApp = { prepare };
