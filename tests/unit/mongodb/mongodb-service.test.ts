import { InfraError } from '../../../runner/common/errors';
import type { DockerClient, ImageInfo } from '../../../runner/docker/docker-client';
import { IMAGE } from '../../../runner/docker/images/catalog';
import { mongoUri, mongodbAppEnv } from '../../../runner/services/mongodb';
import {
  OFFICIAL_MONGO_IMAGE,
  chooseMongoServer,
  mongoServerPlan,
} from '../../../runner/services/mongodb-server';

/** A Docker that knows some images and whether a pull would succeed; nothing else. */
function imageDocker(present: string[], pullSucceeds: boolean) {
  const pulls: string[] = [];
  const images = new Set(present);
  const docker = {
    inspectImage: async (ref: string): Promise<ImageInfo | undefined> =>
      images.has(ref) ? { id: `sha256:${ref}`, labels: {}, sizeBytes: 1 } : undefined,
    pullImage: async (ref: string) => {
      pulls.push(ref);
      if (pullSucceeds) images.add(ref);
      return pullSucceeds;
    },
  } as Partial<DockerClient> as DockerClient;
  return { docker, pulls };
}

describe('choosing the MongoDB server', () => {
  it('uses the official image when it is on this machine, without pulling', async () => {
    const { docker, pulls } = imageDocker([OFFICIAL_MONGO_IMAGE, IMAGE['mongo-standin']], false);
    expect(await chooseMongoServer(docker)).toBe('official');
    expect(pulls).toEqual([]);
  });

  it('pulls the official image when it can', async () => {
    const { docker, pulls } = imageDocker([IMAGE['mongo-standin']], true);
    expect(await chooseMongoServer(docker)).toBe('official');
    expect(pulls).toEqual([OFFICIAL_MONGO_IMAGE]);
  });

  it('falls back to the stand-in when no registry has the image, and tries to pull only once per engine', async () => {
    const { docker, pulls } = imageDocker([IMAGE['mongo-standin']], false);
    expect(await chooseMongoServer(docker)).toBe('standin');
    expect(await chooseMongoServer(docker)).toBe('standin');
    expect(pulls).toEqual([OFFICIAL_MONGO_IMAGE]);
  });

  it('uses the stand-in when asked, even if MongoDB is here', async () => {
    const { docker, pulls } = imageDocker([OFFICIAL_MONGO_IMAGE, IMAGE['mongo-standin']], true);
    expect(await chooseMongoServer(docker, 'standin')).toBe('standin');
    expect(pulls).toEqual([]);
  });

  it('says what to do when neither server is available', async () => {
    const { docker } = imageDocker([], false);
    const attempt = chooseMongoServer(docker);
    await expect(attempt).rejects.toBeInstanceOf(InfraError);
    await expect(attempt).rejects.toMatchObject({
      message: expect.stringContaining(`Neither ${OFFICIAL_MONGO_IMAGE} nor backlab's stand-in`),
      hint: expect.stringContaining('backlab images build'),
    });
  });

  it('refuses to pretend: asking for the official image without it is an error, not the stand-in', async () => {
    const { docker } = imageDocker([IMAGE['mongo-standin']], false);
    await expect(chooseMongoServer(docker, 'official')).rejects.toThrow(
      /official MongoDB image mongo:7 is not on this machine/,
    );
  });
});

describe('MongoDB server plans', () => {
  it('runs the official image as a one-member replica set with a key file and the root user', () => {
    const plan = mongoServerPlan('official', 'root', 'pw');
    expect(plan).toMatchObject({ image: OFFICIAL_MONGO_IMAGE, title: 'MongoDB', hardened: false });
    expect(plan.env).toMatchObject({ MONGO_INITDB_ROOT_USERNAME: 'root', MONGO_INITDB_ROOT_PASSWORD: 'pw' });
    expect(plan.env.BACKLAB_MONGO_KEYFILE).toMatch(/^[0-9a-f]{48}$/);
    expect(plan.entrypoint?.join(' ')).toMatch(/docker-entrypoint\.sh mongod --replSet rs0 --keyFile/);
  });

  it('names the stand-in as not MongoDB and gives it the same root user variables', () => {
    const plan = mongoServerPlan('standin', 'root', 'pw');
    expect(plan).toMatchObject({
      image: IMAGE['mongo-standin'],
      title: 'MongoDB stand-in (not MongoDB)',
      hardened: true,
    });
    expect(plan.env).toMatchObject({
      MONGO_INITDB_ROOT_USERNAME: 'root',
      MONGO_INITDB_ROOT_PASSWORD: 'pw',
      BACKLAB_MONGO_REPLICA_SET: 'rs0',
      BACKLAB_MONGO_ADVERTISED_HOST: 'mongodb:27017',
    });
  });
});

describe('MongoDB connection settings', () => {
  it('builds a URI with escaped credentials, authSource=admin and a direct connection', () => {
    expect(mongoUri({ host: '127.0.0.1', port: 49152 }, 'shop', 'ro ot', 'p@ss/word')).toBe(
      'mongodb://ro%20ot:p%40ss%2Fword@127.0.0.1:49152/shop?authSource=admin&directConnection=true',
    );
  });

  it('gives every name learners read', () => {
    const env = mongodbAppEnv({ host: 'mongodb', port: 27017 }, 'shop', 'root', 'secret');
    const uri = 'mongodb://root:secret@mongodb:27017/shop?authSource=admin&directConnection=true';
    expect(env).toEqual({
      MONGODB_URI: uri,
      MONGO_URI: uri,
      MONGO_URL: uri,
      MONGODB_URL: uri,
      MONGO_CONNECTION_STRING: uri,
      DB_URI: uri,
      DB_URL: uri,
      DATABASE_URL: uri,
      MONGO_DB: 'shop',
      MONGODB_DB: 'shop',
      MONGODB_DATABASE: 'shop',
      MONGO_DB_NAME: 'shop',
      MONGO_DATABASE: 'shop',
      DB_NAME: 'shop',
      DB_DATABASE: 'shop',
    });
  });
});
