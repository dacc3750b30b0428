import { InfraError } from '../common/errors';
import { IMAGE } from '../docker/images/catalog';
import { withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { startContainer } from '../docker/start-container';
import { ExecWait } from '../docker/wait/exec-wait';
import { askServerVersion } from './server-version';
import type { Endpoint, RunningService, ServiceContext } from './service';

const PORT = 6379;

/**
 * A Redis server (Debian's redis-server, in memory only), ready when `redis-cli PING` answers
 * PONG. A reset empties every database and zeroes the statistics (hits, misses, commands), so a
 * stage reads its own hit rate.
 */
export async function startRedis(ctx: ServiceContext): Promise<RunningService> {
  const state = await startContainer(
    ctx.docker,
    {
      name: resourceName(ctx.runId, 'redis'),
      image: IMAGE.redis,
      labels: withRole(ctx.labels, 'redis'),
      network: { name: ctx.network, aliases: ['redis'] },
      publish: ctx.publish ? [PORT] : [],
      // maxmemory in docker/redis/redis.conf is 128 MiB: room for it and the server itself.
      limits: { memoryBytes: 256 * 1024 ** 2, pids: 64 },
      logMaxBytes: 1024 ** 2,
    },
    {
      subject: 'Redis',
      timeoutMs: ctx.timeoutMs,
      wait: new ExecWait('Redis', 'answer PING', ['redis-cli', 'PING'], {
        accept: (stdout) => stdout.trim() === 'PONG',
      }),
    },
  );
  const internal: Endpoint = { host: 'redis', port: PORT };
  const published = state.ports[PORT] ? { host: '127.0.0.1', port: state.ports[PORT] } : undefined;
  // "Redis server v=7.0.15 sha=…"
  const version = askServerVersion(
    ctx.docker,
    state.id,
    ['redis-server', '--version'],
    (output) => /v=(\S+)/.exec(output)?.[1],
  );
  return {
    kind: 'redis',
    title: 'Redis',
    containerId: state.id,
    internal,
    published,
    appEnv: redisAppEnv,
    kitEnv: () => ({ BACKLAB_REDIS_URL: `redis://${internal.host}:${internal.port}` }),
    reset: async () => {
      for (const command of [['FLUSHALL'], ['CONFIG', 'RESETSTAT']]) {
        const result = await ctx.docker.exec(state.id, ['redis-cli', ...command]);
        if (result.exitCode !== 0 || result.stdout.trim() !== 'OK') {
          throw new InfraError(
            `Redis reset (${command.join(' ')}) failed: ${(result.stderr || result.stdout).trim()}`,
          );
        }
      }
    },
    summary: () => 'no password, in memory',
    origin: async () => ({ implementation: 'redis', image: IMAGE.redis, version: await version }),
  };
}

/** The names learners' apps and boilerplates read Redis from (REDISHOST/REDISPORT: Railway-style). */
export function redisAppEnv(at: Endpoint): Record<string, string> {
  const url = `redis://${at.host}:${at.port}`;
  return {
    REDIS_URL: url,
    REDIS_URI: url,
    CACHE_URL: url,
    REDIS_HOST: at.host,
    REDIS_PORT: String(at.port),
    REDISHOST: at.host,
    REDISPORT: String(at.port),
  };
}
