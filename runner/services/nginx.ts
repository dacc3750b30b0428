import { readFile } from 'node:fs/promises';
import { archiveFiles } from '../docker/archive';
import { IMAGE } from '../docker/images/catalog';
import { withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { startContainer } from '../docker/start-container';
import { ExecWait } from '../docker/wait/exec-wait';
import type { Endpoint, RunningService, ServiceContext } from './service';

export interface NginxOptions {
  /** Absolute path of a server configuration that replaces the default site; none keeps it. */
  configFile?: string;
}

const PORT = 80;

/** Sends a bare HTTP request from inside the container; bash's /dev/tcp needs no extra tools. */
const HTTP_PROBE = [
  'bash',
  '-c',
  `exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf 'GET / HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -c 12 <&3`,
];

/** nginx, ready when it answers HTTP on port 80 (any status: a 404 is still a server answering). */
export async function startNginx(ctx: ServiceContext, opts: NginxOptions): Promise<RunningService> {
  const config = opts.configFile ? await readFile(opts.configFile) : undefined;
  const state = await startContainer(
    ctx.docker,
    {
      name: resourceName(ctx.runId, 'nginx'),
      image: IMAGE.nginx,
      labels: withRole(ctx.labels, 'nginx'),
      network: { name: ctx.network, aliases: ['nginx'] },
      publish: ctx.publish ? [PORT] : [],
      limits: { memoryBytes: 128 * 1024 ** 2, pids: 64 },
      logMaxBytes: 1024 ** 2,
    },
    {
      subject: 'nginx',
      timeoutMs: ctx.timeoutMs,
      prepare: async (id) => {
        if (config) {
          await ctx.docker.putArchive(
            id,
            '/etc/nginx/conf.d',
            await archiveFiles([{ name: 'default.conf', content: config }]),
          );
        }
      },
      wait: new ExecWait('nginx', `answer HTTP on port ${PORT}`, HTTP_PROBE, {
        accept: (stdout) => stdout.startsWith('HTTP/'),
      }),
    },
  );
  const internal: Endpoint = { host: 'nginx', port: PORT };
  const published = state.ports[PORT] ? { host: '127.0.0.1', port: state.ports[PORT] } : undefined;
  return {
    kind: 'nginx',
    title: 'nginx',
    containerId: state.id,
    internal,
    published,
    appEnv: () => ({}),
    kitEnv: () => ({ BACKLAB_NGINX_URL: `http://${internal.host}:${internal.port}` }),
    reset: async () => {},
    summary: () => (opts.configFile ? 'lab configuration' : 'default site'),
  };
}
