import { Redis } from 'ioredis';
import { Environment } from '../../../runner/services/environment';
import { leftovers, realDocker } from '../../support/docker';
import { recordingProgress } from '../../support/progress';

const docker = realDocker();

describe('Redis as a lab service (real Docker)', () => {
  it('answers PING when ready, is emptied with its statistics zeroed by a reset, and leaves nothing', async () => {
    const env = await Environment.create(
      { docker, progress: recordingProgress() },
      { workspace: 'redis-test', lifetime: 'run', internal: false },
    );
    try {
      await env.startServices([{ kind: 'redis' }]);
      const settings = env.appEnv('published');
      expect(settings.REDIS_HOST).toBe('127.0.0.1');
      expect(settings.REDIS_URL).toBe(`redis://127.0.0.1:${settings.REDIS_PORT}`);
      expect(env.appEnv('internal')).toMatchObject({ REDIS_URL: 'redis://redis:6379', REDIS_PORT: '6379' });
      expect(env.kitEnv()).toEqual({ BACKLAB_REDIS_URL: 'redis://redis:6379' });

      const client = new Redis(settings.REDIS_URL);
      try {
        await client.set('product:1', 'cup', 'EX', 60);
        expect(await client.get('product:1')).toBe('cup');
        expect(await client.info('stats')).toMatch(/^keyspace_hits:1\r?$/m);
        await env.resetServices();
        expect(await client.dbsize()).toBe(0);
        expect(await client.info('stats')).toMatch(/^keyspace_hits:0\r?$/m);
      } finally {
        client.disconnect();
      }
      const origin = await env.service('redis')!.origin();
      expect(origin).toMatchObject({ implementation: 'redis', image: 'backlab/redis:latest' });
      expect(origin.version).toMatch(/^\d+\.\d+\.\d+$/);
    } finally {
      const removed = await env.teardown();
      expect(removed.failures).toEqual([]);
    }
    expect(await leftovers(docker, env.runId)).toEqual([]);
  });
});
