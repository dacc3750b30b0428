import { lastLines } from '../common/plain-text';
import { basename, dirname, join } from 'node:path';
import { InfraError, errorMessage } from '../common/errors';
import { packageRoot } from '../common/package-root';
import { sleep, withTimeout } from '../common/poll';
import type { DockerClient, ExecResult, Labels, Mount } from '../docker/docker-client';
import { IMAGE } from '../docker/images/catalog';
import { withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { ContainerExitedError } from '../docker/wait/container-exited-error';

/** Where a lab's MongoDB is and how to reach it from the run's network. */
export interface MongoAdminTarget {
  docker: DockerClient;
  runId: string;
  network: string;
  labels: Labels;
  /** Connection string with the run's credentials, as containers on the network use it. */
  uri: string;
  database: string;
  /** Absolute paths of the lab's seed files, inserted in order. */
  seedFiles: string[];
  /** A replica set the server must be the primary of (the official image starts uninitiated). */
  replicaSet?: { name: string; member: string };
}

export type MongoAdminAction = 'ready' | 'reset';

export interface MongoAdminReport {
  /** What buildInfo answered, e.g. "7.0.14" or "7.0.0-backlab-standin". */
  version: string;
  standIn: boolean;
  /** Time the program itself took. */
  ms: number;
}

export interface MongoAdminOptions {
  timeoutMs: number;
  /** Fail at once when this container (the server) stops while we wait. */
  serviceContainerId?: string;
}

/** Role label of the admin container, and the command that runs the admin program in it. */
export const MONGO_ADMIN_ROLE = 'mongodb-admin';
const SCRIPT = '/backlab-admin/mongodb-admin-script.js';
export const MONGO_ADMIN_COMMAND = ['node', SCRIPT];
const MODULES = '/deps/node_modules';
const RESULT_PREFIX = 'BACKLAB_ADMIN_RESULT ';
/** Exec needs a moment around the program's own time limit. */
const EXEC_GRACE_MS = 10_000;

/**
 * A small container of the node image on the run's network, idle until asked to run
 * mongodb-admin-script.js with the official driver: `ready` waits until ping succeeds with the run's
 * credentials (initiating the replica set if needed) and inserts the seeds; `reset` empties every
 * collection and re-inserts them. One program for both servers (official image and stand-in), and a
 * reset is one `docker exec`, not a container start. Its environment holds everything the program
 * needs, so `docker exec <it> node /backlab-admin/mongodb-admin-script.js` with
 * BACKLAB_ADMIN_ACTION=reset works from any later process too.
 */
export class MongoAdmin {
  private constructor(
    private readonly docker: DockerClient,
    readonly containerId: string,
  ) {}

  static async start(target: MongoAdminTarget): Promise<MongoAdmin> {
    const { docker } = target;
    const seeds = target.seedFiles.map((file, i) => ({
      path: `/seeds/${String(i + 1).padStart(2, '0')}-${basename(file)}`,
      label: file,
      file,
    }));
    const mounts: Mount[] = [
      { type: 'bind', source: adminScriptPath(), target: SCRIPT, readOnly: true },
      { type: 'bind', source: driverModulesPath(), target: MODULES, readOnly: true },
      ...seeds.map((s): Mount => ({ type: 'bind', source: s.file, target: s.path, readOnly: true })),
    ];
    const id = await docker.createContainer({
      name: resourceName(target.runId, MONGO_ADMIN_ROLE),
      image: IMAGE.node,
      labels: withRole(target.labels, MONGO_ADMIN_ROLE),
      user: `${process.getuid?.() ?? 1000}:${process.getgid?.() ?? 1000}`,
      network: { name: target.network, aliases: [] },
      cmd: ['sleep', 'infinity'],
      env: {
        NODE_PATH: MODULES,
        BACKLAB_ADMIN_URI: target.uri,
        BACKLAB_ADMIN_DATABASE: target.database,
        BACKLAB_ADMIN_SEEDS: JSON.stringify(seeds.map(({ path, label }) => ({ path, label }))),
        ...(target.replicaSet
          ? {
              BACKLAB_ADMIN_REPLICA_SET: target.replicaSet.name,
              BACKLAB_ADMIN_MEMBER: target.replicaSet.member,
            }
          : {}),
      },
      mounts,
      limits: { memoryBytes: 256 * 1024 ** 2, pids: 64, cpus: 1 },
      hardened: true,
      logMaxBytes: 64 * 1024,
    });
    try {
      await docker.startContainer(id);
    } catch (err) {
      await docker.removeContainer(id).catch(() => undefined);
      throw err;
    }
    return new MongoAdmin(docker, id);
  }

  async run(action: MongoAdminAction, opts: MongoAdminOptions): Promise<MongoAdminReport> {
    const exec = this.docker.exec(this.containerId, MONGO_ADMIN_COMMAND, {
      env: { BACKLAB_ADMIN_ACTION: action, BACKLAB_ADMIN_TIMEOUT_MS: String(opts.timeoutMs) },
    });
    const result = await this.waitFor(exec, opts);
    if (result.exitCode !== 0) {
      throw new InfraError(`MongoDB ${action} failed: ${outputTail(result.stderr || result.stdout)}`);
    }
    const line = result.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
    if (!line)
      throw new InfraError(`MongoDB ${action} gave no result: ${outputTail(result.stdout + result.stderr)}`);
    return JSON.parse(line.slice(RESULT_PREFIX.length)) as MongoAdminReport;
  }

  async remove(): Promise<void> {
    await this.docker.removeContainer(this.containerId);
  }

  private async waitFor(exec: Promise<ExecResult>, opts: MongoAdminOptions): Promise<ExecResult> {
    let watching = true;
    const watchService = async (): Promise<never> => {
      while (watching && opts.serviceContainerId) {
        await sleep(250);
        const state = await this.docker.inspectContainer(opts.serviceContainerId);
        if (watching && !state.running)
          throw new ContainerExitedError('MongoDB', state.exitCode, state.oomKilled);
      }
      return new Promise<never>(() => {});
    };
    try {
      const result = await withTimeout(Promise.race([exec, watchService()]), opts.timeoutMs + EXEC_GRACE_MS);
      if (result === undefined) throw new InfraError(`MongoDB did not answer within ${opts.timeoutMs} ms`);
      return result;
    } finally {
      watching = false;
    }
  }
}

/** The end of what the admin program printed, without its machine-readable result line. */
function outputTail(output: string): string {
  const text = output
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith(RESULT_PREFIX))
    .join('\n');
  return lastLines(text, 8).join('\n') || 'no output';
}

/** The admin program, from the package root: the same file from the sources and from dist/. */
function adminScriptPath(): string {
  return join(packageRoot(), 'runner', 'services', 'mongodb-admin-script.js');
}

/** The node_modules folder holding the mongodb driver backlab itself uses. */
function driverModulesPath(): string {
  try {
    return dirname(dirname(require.resolve('mongodb/package.json')));
  } catch (err) {
    throw new InfraError(
      `the mongodb driver is not installed with backlab: ${errorMessage(err)}`,
      'Run `npm ci` in backlab.',
    );
  }
}
