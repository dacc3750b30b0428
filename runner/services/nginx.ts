import { basename } from 'node:path';
import { IMAGE } from '../docker/images/catalog';
import { withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { NotReadyError, startContainer } from '../docker/start-container';
import { ExecWait } from '../docker/wait/exec-wait';
import { isNginxTestFailure, NginxConfigError, type NginxConfigOwner } from './nginx-config-error';
import { containerConfigPath, siteArchives } from './nginx-site';
import { askServerVersion } from './server-version';
import type { Endpoint, RunningService, ServiceContext } from './service';

export interface NginxOptions {
  /** Absolute path of a server configuration that replaces the default site; none keeps it. */
  configFile?: string;
  /** Who wrote the configuration: a rejected one is the learner's mistake or the lab's. Default: lab. */
  configFrom?: NginxConfigOwner;
  /** Absolute path of a folder of static files, copied to nginx's document root (STATIC_ROOT). */
  staticDir?: string;
}

const PORT = 80;

/**
 * The configuration is tested before nginx starts, so a rejected one ends the container with the
 * output of `nginx -t` as its whole log (-q: nothing is printed when the test passes).
 */
const TEST_THEN_START = ['sh', '-c', 'nginx -t -q || exit 78; exec nginx -g "daemon off;"'];

/** Sends a bare HTTP request from inside the container; bash's /dev/tcp needs no extra tools. */
const HTTP_PROBE = [
  'bash',
  '-c',
  `exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf 'GET / HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -c 12 <&3`,
];

/**
 * nginx, ready when it answers HTTP on port 80 (any status: a 404 is still a server answering).
 * A configuration nginx rejects is reported as a NginxConfigError carrying nginx's own words.
 */
export async function startNginx(ctx: ServiceContext, opts: NginxOptions): Promise<RunningService> {
  const archives = await siteArchives(opts);
  const state = await startContainer(
    ctx.docker,
    {
      name: resourceName(ctx.runId, 'nginx'),
      image: IMAGE.nginx,
      labels: withRole(ctx.labels, 'nginx'),
      cmd: TEST_THEN_START,
      network: { name: ctx.network, aliases: ['nginx'] },
      publish: ctx.publish ? [PORT] : [],
      limits: { memoryBytes: 128 * 1024 ** 2, pids: 64 },
      logMaxBytes: 1024 ** 2,
    },
    {
      subject: 'nginx',
      timeoutMs: ctx.timeoutMs,
      logTailLines: 50,
      prepare: async (id) => {
        for (const { target, tar } of archives) await ctx.docker.putArchive(id, target, tar);
      },
      wait: new ExecWait('nginx', `answer HTTP on port ${PORT}`, HTTP_PROBE, {
        accept: (stdout) => stdout.startsWith('HTTP/'),
      }),
    },
  ).catch((err: unknown) => {
    if (opts.configFile && err instanceof NotReadyError && isNginxTestFailure(err.logTail)) {
      const { configFile } = opts;
      throw new NginxConfigError(
        err.logTail,
        opts.configFrom ?? 'lab',
        basename(configFile),
        containerConfigPath(configFile),
      );
    }
    throw err;
  });
  const internal: Endpoint = { host: 'nginx', port: PORT };
  const published = state.ports[PORT] ? { host: '127.0.0.1', port: state.ports[PORT] } : undefined;
  // Asked now, while the tests start, so the result's provenance costs no wait. "nginx version: nginx/1.22.1"
  const version = askServerVersion(
    ctx.docker,
    state.id,
    ['nginx', '-v'],
    (output) => /nginx\/(\S+)/.exec(output)?.[1],
  );
  return {
    kind: 'nginx',
    title: 'nginx',
    containerId: state.id,
    internal,
    published,
    appEnv: () => ({}),
    kitEnv: () => ({ BACKLAB_NGINX_URL: `http://${internal.host}:${internal.port}` }),
    reset: async () => {},
    summary: () =>
      opts.configFile ? `${opts.configFrom === 'submission' ? 'your' : 'lab'} configuration` : 'default site',
    origin: async () => ({ implementation: 'nginx', image: IMAGE.nginx, version: await version }),
  };
}
