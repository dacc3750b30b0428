import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Environment } from '../../../runner/services/environment';
import { leftovers, realDocker } from '../../support/docker';
import { recordingProgress } from '../../support/progress';

describe('MongoDB service start failures — against the backlab stand-in (NOT MongoDB)', () => {
  const docker = realDocker();
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'backlab-mongo-seed-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('fails on a seed that breaks a rule, naming the file, the collection and the error, and leaves nothing behind', async () => {
    const seed = join(dir, 'seed.json');
    await writeFile(
      seed,
      JSON.stringify({
        products: [
          { _id: 1, name: 'a' },
          { _id: 1, name: 'b' },
        ],
      }),
    );
    const progress = recordingProgress();
    const env = await Environment.create(
      { docker, progress },
      { workspace: 'mongodb-failure-test', lifetime: 'run', internal: true },
    );
    try {
      const start = env.startServices([
        { kind: 'mongodb', options: { database: 'shop', seedFiles: [seed], server: 'standin' } },
      ]);
      await expect(start).rejects.toThrow(
        /MongoDB ready failed: seed file .*seed\.json, collection products: E11000 duplicate key/,
      );
      expect(progress.lines).toContain('fail Starting MongoDB: mongodb did not start');
    } finally {
      await env.teardown();
    }
    expect(await leftovers(docker, env.runId)).toEqual([]);
  });
});
