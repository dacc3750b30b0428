import { withRole } from '../docker/labels';
import { randomSecret, resourceName } from '../docker/names';
import { startContainer } from '../docker/start-container';
import type { WaitStrategy } from '../docker/wait/wait-strategy';
import { MongoAdmin, type MongoAdminReport, type MongoAdminTarget } from './mongodb-admin';
import {
  MONGO_HOST,
  MONGO_PORT,
  REPLICA_SET,
  chooseMongoServer,
  mongoServerPlan,
  type MongoServerChoice,
  type MongoServerKind,
} from './mongodb-server';
import type { Endpoint, RunningService, ServiceContext } from './service';

export interface MongodbOptions {
  database: string;
  /** Absolute paths of JSON (Extended JSON allowed) seed files {collection: [docs]}, inserted at start and on every reset. */
  seedFiles: string[];
  /** Which server; `auto` (the default) prefers the official image and falls back to backlab's stand-in. */
  server?: MongoServerChoice;
  memoryBytes?: number;
}

/** A running MongoDB service, with what actually runs: MongoDB itself or the stand-in. */
export interface RunningMongodb extends RunningService {
  server: MongoServerKind;
  image: string;
  /** As buildInfo reports it: "7.0.14", or "7.0.0-backlab-standin" for the stand-in. */
  version: string;
}

const USER = 'root';
const RESET_TIMEOUT_MS = 30_000;

/**
 * MongoDB for a lab: the official image when this machine has it (or can pull it), else backlab's
 * stand-in, which is not MongoDB and says so. Random root credentials; ready means `ping`
 * succeeds with them and the seeds are in; reset empties the collections and re-inserts the seeds.
 */
export async function startMongodb(ctx: ServiceContext, opts: MongodbOptions): Promise<RunningMongodb> {
  const kind = await chooseMongoServer(ctx.docker, opts.server);
  const password = randomSecret();
  const plan = mongoServerPlan(kind, USER, password);
  const internal: Endpoint = { host: MONGO_HOST, port: MONGO_PORT };
  const target: MongoAdminTarget = {
    docker: ctx.docker,
    runId: ctx.runId,
    network: ctx.network,
    labels: ctx.labels,
    uri: mongoUri(internal, opts.database, USER, password),
    database: opts.database,
    seedFiles: opts.seedFiles,
    replicaSet: { name: REPLICA_SET, member: `${internal.host}:${internal.port}` },
  };
  // The admin container starts alongside the server; its first job is the readiness probe.
  const starting = MongoAdmin.start(target);
  // Its failure surfaces when the readiness wait awaits it; until then it must not count as unhandled.
  starting.catch(() => undefined);
  let report: MongoAdminReport | undefined;
  const wait: WaitStrategy = {
    waitUntilReady: async (_docker, containerId, timeoutMs) => {
      report = await (await starting).run('ready', { timeoutMs, serviceContainerId: containerId });
    },
  };
  let state;
  try {
    state = await startContainer(
      ctx.docker,
      {
        name: resourceName(ctx.runId, 'mongodb'),
        image: plan.image,
        labels: withRole(ctx.labels, 'mongodb'),
        entrypoint: plan.entrypoint,
        env: plan.env,
        network: { name: ctx.network, aliases: [MONGO_HOST] },
        publish: ctx.publish ? [MONGO_PORT] : [],
        mounts: plan.mounts,
        limits: { memoryBytes: opts.memoryBytes ?? 1024 ** 3, pids: 512 },
        hardened: plan.hardened,
        logMaxBytes: 1024 ** 2,
      },
      { subject: plan.title, timeoutMs: ctx.timeoutMs, wait },
    );
  } catch (err) {
    await starting.then((admin) => admin.remove()).catch(() => undefined);
    throw err;
  }
  const admin = await starting;
  const version = report?.version ?? 'unknown';
  const published = state.ports[MONGO_PORT]
    ? { host: '127.0.0.1', port: state.ports[MONGO_PORT] }
    : undefined;
  return {
    kind: 'mongodb',
    title: plan.title,
    server: kind,
    image: plan.image,
    version,
    containerId: state.id,
    internal,
    published,
    appEnv: (at) => mongodbAppEnv(at, opts.database, USER, password),
    kitEnv: () => ({
      BACKLAB_MONGODB_URI: target.uri,
      BACKLAB_MONGODB_DATABASE: opts.database,
    }),
    reset: async () => {
      await admin.run('reset', { timeoutMs: RESET_TIMEOUT_MS, serviceContainerId: state.id });
    },
    summary: () =>
      kind === 'official'
        ? `MongoDB ${version} from ${plan.image}, database ${opts.database}, user ${USER}`
        : `${plan.image} ${version}, database ${opts.database}, user ${USER}`,
    origin: async () => ({
      implementation: kind === 'official' ? 'mongodb' : 'mongodb-standin',
      image: plan.image,
      version,
    }),
  };
}

/**
 * A connection string that works from an app on the run's network and from the host alike:
 * directConnection keeps the driver on this address instead of the replica set's member name.
 */
export function mongoUri(at: Endpoint, database: string, user: string, password: string): string {
  const credentials = `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  return `mongodb://${credentials}@${at.host}:${at.port}/${database}?authSource=admin&directConnection=true`;
}

/** Every spelling of MongoDB settings that learners' apps commonly read. */
export function mongodbAppEnv(
  at: Endpoint,
  database: string,
  user: string,
  password: string,
): Record<string, string> {
  const uri = mongoUri(at, database, user, password);
  return {
    MONGODB_URI: uri,
    MONGO_URI: uri,
    MONGO_URL: uri,
    MONGODB_URL: uri,
    MONGO_CONNECTION_STRING: uri,
    DB_URI: uri,
    DB_URL: uri,
    // Shared with SQL services: the environment keeps the one of the service that came first.
    DATABASE_URL: uri,
    MONGO_DB: database,
    MONGODB_DB: database,
    MONGODB_DATABASE: database,
    MONGO_DB_NAME: database,
    MONGO_DATABASE: database,
    DB_NAME: database,
    DB_DATABASE: database,
  };
}
