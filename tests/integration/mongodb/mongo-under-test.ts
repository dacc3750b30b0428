import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import type { DockerClient } from '../../../runner/docker/docker-client';
import { IMAGE, SERVICE_IMAGES } from '../../../runner/docker/images/catalog';
import { serviceImageStatus } from '../../../runner/docker/images/image-status';
import { Environment } from '../../../runner/services/environment';
import type { RunningMongodb } from '../../../runner/services/mongodb';
import { OFFICIAL_MONGO_IMAGE, type MongoServerKind } from '../../../runner/services/mongodb-server';
import { leftovers, realDocker } from '../../support/docker';
import { recordingProgress } from '../../support/progress';

export const SEED_FILE = join(__dirname, 'fixtures', 'shop-seed.json');
export const DATABASE = 'shop';

const STAND_IN_WARNING =
  "THESE TESTS RUN AGAINST BACKLAB'S MONGODB STAND-IN, NOT MONGODB: no MongoDB server can run on this machine " +
  `(${OFFICIAL_MONGO_IMAGE} is not available). They show the stand-in and backlab's MongoDB service work with the ` +
  'official driver; they say nothing about MongoDB itself.';

interface ServerUnderTest {
  kind: MongoServerKind;
  label: string;
}

/**
 * The stand-in always; MongoDB itself too when the official image is on this machine. Decided
 * synchronously, because jest collects describe blocks before anything async can run.
 */
function serversUnderTest(): ServerUnderTest[] {
  const servers: ServerUnderTest[] = [
    { kind: 'standin', label: 'backlab stand-in (NOT MongoDB — no MongoDB server can run on this machine)' },
  ];
  const official = spawnSync('docker', ['image', 'inspect', OFFICIAL_MONGO_IMAGE], { stdio: 'ignore' });
  if (official.status === 0) servers.push({ kind: 'official', label: `MongoDB (${OFFICIAL_MONGO_IMAGE})` });
  return servers;
}

/** One MongoDB service started through the real engine, published on 127.0.0.1 for the driver. */
export class MongoUnderTest {
  readonly docker = realDocker();
  readonly progress = recordingProgress();
  env!: Environment;
  service!: RunningMongodb;
  client!: MongoClient;
  db!: Db;
  uri!: string;
  readyMs = 0;

  constructor(readonly server: ServerUnderTest) {}

  async start(): Promise<void> {
    if (this.server.kind === 'standin') {
      console.warn(STAND_IN_WARNING);
      await requireCurrentStandIn(this.docker);
    }
    this.env = await Environment.create(
      { docker: this.docker, progress: this.progress },
      { workspace: 'mongodb-compatibility-test', lifetime: 'run', internal: false },
    );
    const started = Date.now();
    await this.env.startServices([
      { kind: 'mongodb', options: { database: DATABASE, seedFiles: [SEED_FILE], server: this.server.kind } },
    ]);
    this.readyMs = Date.now() - started;
    this.service = this.env.service('mongodb') as RunningMongodb;
    this.uri = this.service.appEnv(this.service.published!).MONGODB_URI;
    this.client = await new MongoClient(this.uri, { serverSelectionTimeoutMS: 5000 }).connect();
    this.db = this.client.db(DATABASE);
    console.log(`${this.service.title}: start to ready ${this.readyMs} ms (${this.service.summary()})`);
  }

  /** Another client of the same server, e.g. with command monitoring; closed by the caller. */
  newClient(options: ConstructorParameters<typeof MongoClient>[1] = {}): MongoClient {
    return new MongoClient(this.uri, { serverSelectionTimeoutMS: 5000, ...options });
  }

  async stop(): Promise<void> {
    await this.client?.close();
    if (this.env) {
      await this.env.teardown();
      expect(await leftovers(this.docker, this.env.runId)).toEqual([]);
    }
  }
}

/** Testing an image built from older sources would test the wrong code. */
async function requireCurrentStandIn(docker: DockerClient): Promise<void> {
  const definition = SERVICE_IMAGES.find((d) => d.name === 'mongo-standin')!;
  const base = await docker.inspectImage(IMAGE.base);
  const status = await serviceImageStatus(docker, definition, base?.id);
  if (status.state !== 'ready') {
    throw new Error(`${definition.ref} is ${status.state}: run \`backlab images build\` before these tests.`);
  }
}

/** Defines the same tests once per server under test, each with its own environment. */
export function describeMongo(area: string, define: (mongo: MongoUnderTest) => void): void {
  for (const server of serversUnderTest()) {
    describe(`${area} — against ${server.label}`, () => {
      const mongo = new MongoUnderTest(server);
      beforeAll(() => mongo.start(), 120_000);
      afterAll(() => mongo.stop(), 60_000);
      define(mongo);
    });
  }
}
