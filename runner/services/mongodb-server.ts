import { InfraError } from '../common/errors';
import type { DockerClient, Mount } from '../docker/docker-client';
import { IMAGE } from '../docker/images/catalog';
import { randomSecret } from '../docker/names';

/** The official image users have; the default whenever this machine has it or can pull it. */
export const OFFICIAL_MONGO_IMAGE = 'mongo:7';

/** `official`: MongoDB itself. `standin`: backlab's wire-protocol test server, NOT MongoDB. */
export type MongoServerKind = 'official' | 'standin';

/** `auto`: the official image when present or pullable, else the stand-in. */
export type MongoServerChoice = 'auto' | MongoServerKind;

export const REPLICA_SET = 'rs0';
export const MONGO_PORT = 27017;
/** The host name the service has on the run's network, and the replica set member's address. */
export const MONGO_HOST = 'mongodb';

export interface MongoServerPlan {
  kind: MongoServerKind;
  image: string;
  /** How messages name it: the stand-in always says it is not MongoDB. */
  title: string;
  entrypoint?: string[];
  env: Record<string, string>;
  mounts: Mount[];
  hardened: boolean;
}

// Remembers, per Docker engine, that a pull already failed: each run need not try again.
const pullFailed = new WeakMap<DockerClient, boolean>();

/** Which server to start: the official image if it is here or can be pulled, else the stand-in. */
export async function chooseMongoServer(
  docker: DockerClient,
  choice: MongoServerChoice = 'auto',
): Promise<MongoServerKind> {
  if (choice !== 'standin' && (await officialImageAvailable(docker))) return 'official';
  if (choice === 'official') {
    throw new InfraError(
      `The official MongoDB image ${OFFICIAL_MONGO_IMAGE} is not on this machine and could not be pulled.`,
      `Pull it (docker pull ${OFFICIAL_MONGO_IMAGE}) on a machine with registry access, or let backlab use its stand-in.`,
    );
  }
  if (!(await docker.inspectImage(IMAGE['mongo-standin']))) {
    throw new InfraError(
      `Neither ${OFFICIAL_MONGO_IMAGE} nor backlab's stand-in ${IMAGE['mongo-standin']} is available for MongoDB.`,
      `Run \`docker pull ${OFFICIAL_MONGO_IMAGE}\`, or \`backlab images build\` to build the stand-in.`,
    );
  }
  return 'standin';
}

async function officialImageAvailable(docker: DockerClient): Promise<boolean> {
  if (await docker.inspectImage(OFFICIAL_MONGO_IMAGE)) return true;
  if (pullFailed.get(docker)) return false;
  const pulled = await docker.pullImage(OFFICIAL_MONGO_IMAGE, () => {});
  if (!pulled) pullFailed.set(docker, true);
  return pulled;
}

/**
 * The official image, run as a single-member replica set (transactions need one), and the stand-in,
 * which answers as the primary of such a set. Both read the root user from the official image's
 * variables, so one connection string works with either.
 */
export function mongoServerPlan(kind: MongoServerKind, user: string, password: string): MongoServerPlan {
  const rootUser = { MONGO_INITDB_ROOT_USERNAME: user, MONGO_INITDB_ROOT_PASSWORD: password };
  const dataDir = (target: string): Mount => ({ type: 'tmpfs', target, sizeBytes: 1024 ** 3 });
  if (kind === 'official') {
    return {
      kind,
      image: OFFICIAL_MONGO_IMAGE,
      title: 'MongoDB',
      // A replica set with authentication needs a key file, owned by mongodb and private to it.
      entrypoint: [
        'bash',
        '-c',
        'set -e; printf %s "$BACKLAB_MONGO_KEYFILE" > /tmp/backlab-keyfile; ' +
          'chown mongodb:mongodb /tmp/backlab-keyfile; chmod 400 /tmp/backlab-keyfile; ' +
          `exec docker-entrypoint.sh mongod --replSet ${REPLICA_SET} --keyFile /tmp/backlab-keyfile ` +
          '--bind_ip_all --wiredTigerCacheSizeGB 0.25',
      ],
      env: { ...rootUser, BACKLAB_MONGO_KEYFILE: randomSecret(24) },
      // The data of a run is thrown away with it: tmpfs makes start and resets fast.
      mounts: [dataDir('/data/db'), dataDir('/data/configdb')],
      hardened: false,
    };
  }
  return {
    kind,
    image: IMAGE['mongo-standin'],
    title: 'MongoDB stand-in (not MongoDB)',
    env: {
      ...rootUser,
      BACKLAB_MONGO_REPLICA_SET: REPLICA_SET,
      BACKLAB_MONGO_ADVERTISED_HOST: `${MONGO_HOST}:${MONGO_PORT}`,
    },
    mounts: [],
    hardened: true,
  };
}
