import { basename } from 'node:path';
import type { DockerClient } from '../docker/docker-client';
import type { NginxOptions } from './nginx';
import { siteArchives, STATIC_ROOT } from './nginx-site';

export type NginxReload = { reloaded: true } | { reloaded: false; file: string; output: string };

/**
 * Puts the folder's current nginx configuration and static files into the development nginx and
 * reloads it, after `nginx -t` accepted them. A refused configuration is not loaded: nginx goes on
 * serving the last one it accepted, and the caller shows nginx's own words.
 */
export async function reloadDevNginx(
  docker: DockerClient,
  containerId: string,
  opts: NginxOptions,
): Promise<NginxReload> {
  const archives = await siteArchives(opts);
  // The document root is replaced whole: a file deleted from public/ must be gone from nginx too.
  if (opts.staticDir) await docker.exec(containerId, ['find', STATIC_ROOT, '-mindepth', '1', '-delete']);
  for (const { target, tar } of archives) await docker.putArchive(containerId, target, tar);
  const test = await docker.exec(containerId, ['nginx', '-t', '-q']);
  if (test.exitCode !== 0) {
    const file = opts.configFile ? basename(opts.configFile) : 'the configuration';
    return { reloaded: false, file, output: (test.stderr || test.stdout).trim() };
  }
  const reload = await docker.exec(containerId, ['nginx', '-s', 'reload']);
  if (reload.exitCode !== 0) {
    return { reloaded: false, file: 'nginx', output: (reload.stderr || reload.stdout).trim() };
  }
  return { reloaded: true };
}
