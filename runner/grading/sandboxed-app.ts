import { withTimeout } from '../common/poll';
import { IMAGE } from '../docker/images/catalog';
import type { Environment } from '../services/environment';
import { unresponsiveReason } from '../sandbox/app-health';
import { variablesNaming, type ServiceWhereabouts } from '../sandbox/connection-hint';
import {
  createApp,
  startApp,
  waitForAppReady,
  type RunAppRequest,
  type RunningApp,
} from '../sandbox/run-app';
import type { StartCommand } from '../sandbox/start-command';
import type { Lab } from '../lab';
import { CappedLog } from './capped-log';
import { followAppLog, type AppLogFollower } from './follow-app-log';
import type { GradeContext } from './grade';

/** What the grade needs of the learner's app once its dependencies are installed. */
export interface SandboxedApp {
  url: string;
  start(logPath: string): Promise<void>;
  /** Why the app is no longer running, or undefined while it runs. */
  exitReason(): Promise<string | undefined>;
  /** Why the running app no longer answers (process limit, no answer), or undefined when it does. */
  unresponsiveReason(): Promise<string | undefined>;
  /**
   * Stops the app's containers and waits until the log file has everything they printed; call
   * before teardown, which removes the containers and with them what is left of their logs.
   */
  closeLogs(): Promise<void>;
  /** Stops following the logs and leaves the containers running: a development app outlives the command. */
  detach(): Promise<void>;
  /** The runtime's image the app runs on. */
  image: string;
  /** Exactly what runs in the app container, how it was chosen, and what was changed. */
  startCommand: string;
  startSource: string;
  startNote?: string;
  /** Where the lab's databases are and the variables naming them (empty before start). */
  services(): ServiceWhereabouts[];
}

/** The app's containers (one per instance) on the run's network, their log and their health. */
export class AppInstances implements SandboxedApp {
  readonly url: string;
  readonly image: string;
  readonly startCommand: string;
  readonly startSource: string;
  readonly startNote?: string;
  private readonly instances: RunningApp[] = [];
  private readonly logFollowers: AppLogFollower[] = [];
  private whereabouts: ServiceWhereabouts[] = [];
  private log: CappedLog | undefined;

  constructor(
    private readonly ctx: GradeContext,
    private readonly env: Environment,
    private readonly lab: Lab,
    private readonly base: Omit<RunAppRequest, 'instance' | 'env' | 'services'>,
    start: StartCommand,
  ) {
    this.url = `http://app:${base.port}`;
    this.image = base.image ?? IMAGE.node;
    this.startCommand = start.command;
    this.startSource = start.source;
    if (start.note) this.startNote = start.note;
  }

  services(): ServiceWhereabouts[] {
    return this.whereabouts;
  }

  async start(logPath: string): Promise<void> {
    const step = this.ctx.progress.step(`Starting your app (${this.startCommand})`);
    const out = new CappedLog(logPath);
    this.log = out;
    const count = this.lab.app!.instances;
    try {
      for (let instance = 1; instance <= count; instance++) {
        // Read only now: installing runs alongside the services, which are ready only at this point.
        const appEnv = this.env.appEnv('internal');
        this.whereabouts = serviceWhereabouts(this.env, appEnv);
        const request: RunAppRequest = { ...this.base, env: appEnv, instance, services: this.whereabouts };
        const app = await createApp(request);
        this.instances.push(app);
        const prefix = count > 1 ? `[${app.host}] ` : '';
        await startApp(request, app);
        // Following a log only works once the container runs: it ends at once on a created one.
        this.logFollowers.push(
          followAppLog(this.ctx.docker, app.containerId, (text) => out.write(`${prefix}${text}`)),
        );
        await waitForAppReady(request, app);
      }
      step.succeed(`ready on port ${this.base.port}`);
    } catch (err) {
      step.fail('your app did not become ready');
      throw err;
    }
  }

  async detach(): Promise<void> {
    for (const follower of this.logFollowers) follower.stop();
    await this.log?.end();
  }

  async closeLogs(): Promise<void> {
    // A follower reads a stopped container's log once more to its end, which a removed one has not.
    await Promise.allSettled(this.instances.map((app) => this.ctx.docker.stopContainer(app.containerId, 0)));
    // The bound only guards against a stuck stream.
    await withTimeout(Promise.allSettled(this.logFollowers.map((f) => f.done)), 5000);
    for (const follower of this.logFollowers) follower.stop();
    await this.log?.end();
  }

  async exitReason(): Promise<string | undefined> {
    for (const app of this.instances) {
      const state = await this.ctx.docker.inspectContainer(app.containerId).catch(() => undefined);
      if (state && !state.running) {
        return state.oomKilled
          ? `your app (${app.host}) ran out of memory and was stopped`
          : `your app (${app.host}) exited with code ${state.exitCode}`;
      }
    }
    return undefined;
  }

  async unresponsiveReason(): Promise<string | undefined> {
    for (const app of this.instances) {
      const state = await this.ctx.docker.inspectContainer(app.containerId);
      const address = state.addresses[this.env.network] ?? app.host;
      const target = { port: app.port, address, http: this.lab.app!.ready.http };
      const reason = await unresponsiveReason(this.ctx.docker, app.containerId, target, this.lab.limits.pids);
      if (reason) return this.instances.length > 1 ? `${reason} (${app.host})` : reason;
    }
    return undefined;
  }
}

/** Where the lab's databases are inside the run, and under which variables the app got them. */
function serviceWhereabouts(env: Environment, appEnv: Record<string, string>): ServiceWhereabouts[] {
  return env
    .list()
    .filter((s) => s.kind !== 'nginx')
    .map((s) => ({ title: s.title, ...s.internal, variables: variablesNaming(s.internal.host, appEnv) }));
}
