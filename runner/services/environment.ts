import type { Progress, ProgressStep } from '../common/progress';
import type { ShutdownHooks } from '../common/shutdown';
import { removeRun, type RemovedCounts } from '../docker/cleanup';
import type { DockerClient, Labels } from '../docker/docker-client';
import { currentOwner, runLabels, withRole } from '../docker/labels';
import { newRunId, resourceName } from '../docker/names';
import { startMongodb, type MongodbOptions } from './mongodb';
import { startMysql, type MysqlOptions } from './mysql';
import { startNginx, type NginxOptions } from './nginx';
import { startRedis } from './redis';
import type { RunningService, ServiceContext, ServiceKind } from './service';

export type ServiceSpec =
  | { kind: 'mysql'; options: MysqlOptions }
  | { kind: 'mongodb'; options: MongodbOptions }
  | { kind: 'redis' }
  | { kind: 'nginx'; options: NginxOptions };

const STEP_TITLES: Record<ServiceKind, string> = {
  mysql: 'MySQL',
  mongodb: 'MongoDB',
  redis: 'Redis',
  nginx: 'nginx',
};

export interface EnvironmentSpec {
  runId?: string;
  /** What the run belongs to (a learner's folder, a submission id): a label for finding it later. */
  workspace: string;
  /** `run`: removed at the end or when the owner dies. `dev`: kept until `backlab stop`. */
  lifetime: 'run' | 'dev';
  /**
   * Cut the network off from everything outside it (grading). Docker then publishes no ports, so
   * only development environments (not internal) publish service ports on 127.0.0.1.
   */
  internal: boolean;
  serviceTimeoutMs?: number;
}

export interface EnvironmentContext {
  docker: DockerClient;
  progress: Progress;
  /** Teardown is registered here so Ctrl-C still removes everything. */
  hooks?: ShutdownHooks;
}

export const DEFAULT_SERVICE_TIMEOUT_MS = 60_000;

/** Services a run meant to start but never began, shown as cancelled steps. */
export function reportCancelled(progress: Progress, specs: ServiceSpec[]): void {
  for (const spec of specs) progress.step(`Starting ${STEP_TITLES[spec.kind]}`).fail('cancelled');
}

function startOne(ctx: ServiceContext, spec: ServiceSpec): Promise<RunningService> {
  switch (spec.kind) {
    case 'mysql':
      return startMysql(ctx, spec.options);
    case 'mongodb':
      return startMongodb(ctx, spec.options);
    case 'redis':
      return startRedis(ctx);
    case 'nginx':
      return startNginx(ctx, spec.options);
  }
}

/** Services start before apps: nginx resolves its upstreams at start, so it goes last. */
const START_ORDER: ServiceKind[] = ['mysql', 'mongodb', 'redis', 'nginx'];

/**
 * One run's private world: a Docker network, the lab's service containers on it, and whatever
 * else (the learner's app, test runners) joins later under the same labels. Everything it
 * creates is found again through the run label, so teardown cannot miss a piece.
 */
export class Environment {
  private readonly services = new Map<ServiceKind, RunningService>();
  /** Steps of services starting now, and of those started or failed, so a cancel names the rest. */
  private readonly starting = new Map<ServiceKind, ProgressStep>();
  private readonly settled = new Set<ServiceKind>();
  private cancelled = false;
  /** Containers removeServices removed, counted in teardown's report. */
  private removedEarly = 0;
  private unregister: () => void = () => {};

  private constructor(
    private readonly ctx: EnvironmentContext,
    readonly runId: string,
    readonly network: string,
    readonly labels: Labels,
    readonly spec: EnvironmentSpec,
  ) {}

  static async create(ctx: EnvironmentContext, spec: EnvironmentSpec): Promise<Environment> {
    const runId = spec.runId ?? newRunId();
    const labels = runLabels({
      runId,
      workspace: spec.workspace,
      lifetime: spec.lifetime,
      owner: currentOwner(),
    });
    const network = resourceName(runId, 'net');
    const env = new Environment(ctx, runId, network, labels, spec);
    // Registered before anything exists, so an interrupt at any point below still cleans up.
    if (spec.lifetime === 'run' && ctx.hooks)
      env.unregister = ctx.hooks.add(() => env.teardown().then(() => {}));
    await ctx.docker.createNetwork({
      name: network,
      labels: withRole(labels, 'network'),
      internal: spec.internal,
    });
    return env;
  }

  /** Starts services, independent ones concurrently, each reported as a progress step. */
  async startServices(specs: ServiceSpec[]): Promise<void> {
    const ordered = [...specs].sort((a, b) => START_ORDER.indexOf(a.kind) - START_ORDER.indexOf(b.kind));
    const early = ordered.filter((s) => s.kind !== 'nginx');
    const late = ordered.filter((s) => s.kind === 'nginx');
    await Promise.all(early.map((s) => this.startService(s)));
    for (const s of late) if (!this.cancelled) await this.startService(s);
  }

  async startService(spec: ServiceSpec): Promise<RunningService> {
    const ctx: ServiceContext = {
      docker: this.ctx.docker,
      runId: this.runId,
      network: this.network,
      labels: this.labels,
      publish: !this.spec.internal,
      timeoutMs: this.spec.serviceTimeoutMs ?? DEFAULT_SERVICE_TIMEOUT_MS,
    };
    const step = this.ctx.progress.step(`Starting ${STEP_TITLES[spec.kind]}`);
    this.starting.set(spec.kind, step);
    // After cancelStarts the step already says "cancelled": what the start does next is not news.
    const finish = (): boolean => {
      if (!this.starting.delete(spec.kind)) return false;
      this.settled.add(spec.kind);
      return true;
    };
    try {
      const service = await startOne(ctx, spec);
      this.services.set(spec.kind, service);
      const where = service.published ? ` on ${service.published.host}:${service.published.port}` : '';
      if (finish()) step.succeed(`${service.title} ready${where} (${service.summary()})`);
      return service;
    } catch (err) {
      if (finish()) step.fail(`${spec.kind} did not start`);
      throw err;
    }
  }

  /**
   * The run stops for another reason (the install failed, a service did not start): services still
   * starting, and those of `planned` not started yet, say "cancelled" rather than "did not start".
   */
  cancelStarts(planned: ServiceSpec[]): void {
    this.cancelled = true;
    for (const step of this.starting.values()) step.fail('cancelled');
    const begun = new Set([...this.starting.keys(), ...this.settled]);
    this.starting.clear();
    reportCancelled(
      this.ctx.progress,
      planned.filter((s) => !begun.has(s.kind)),
    );
    for (const spec of planned) this.settled.add(spec.kind);
  }

  service(kind: ServiceKind): RunningService | undefined {
    return this.services.get(kind);
  }

  list(): RunningService[] {
    return [...this.services.values()];
  }

  /** Connection settings for an app inside the network (`internal`) or on the host (`published`). */
  appEnv(view: 'internal' | 'published'): Record<string, string> {
    const env: Record<string, string> = {};
    for (const service of this.list()) {
      const at = view === 'internal' ? service.internal : service.published;
      // Earlier services keep shared names such as DATABASE_URL (SQL before MongoDB).
      if (at) for (const [k, v] of Object.entries(service.appEnv(at))) env[k] ??= v;
    }
    return env;
  }

  kitEnv(): Record<string, string> {
    return Object.assign({}, ...this.list().map((s) => s.kitEnv()));
  }

  async resetServices(): Promise<void> {
    await Promise.all(this.list().map((s) => s.reset()));
  }

  /**
   * Removes the services' containers now, ahead of the rest of the run (once their logs are kept),
   * so a teardown need not wait for the app and runner to stop first. What fails here, teardown
   * finds again and reports.
   */
  async removeServices(): Promise<void> {
    const results = await Promise.allSettled(
      this.list().map((s) => this.ctx.docker.removeContainer(s.containerId)),
    );
    this.removedEarly += results.filter((r) => r.status === 'fulfilled').length;
  }

  /** Removes everything labelled with this run. Safe to call more than once. */
  async teardown(): Promise<RemovedCounts & { failures: string[] }> {
    this.unregister();
    this.services.clear();
    const removed = await removeRun(this.ctx.docker, this.runId);
    const containers = removed.containers + this.removedEarly;
    // Counted once: a second teardown reports only what it removed itself.
    this.removedEarly = 0;
    return { ...removed, containers };
  }
}
