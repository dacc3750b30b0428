import { statfs } from 'node:fs/promises';
import { errorMessage } from '../../common/errors';
import { imageStatus } from '../../docker/images';
import { IMAGE } from '../../docker/images/catalog';
import { connectDocker, DOCKER_HINT } from '../connect-docker';
import { EXIT, type CliContext } from '../cli-context';
import { packageSourceChecks } from './doctor-package-sources';

export interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix?: string;
}

const MIN_NODE = [20, 19];
const LOW_DISK_BYTES = 5 * 1024 ** 3;

/** `backlab doctor`: is this machine ready to run labs, and if not, what to do. */
export async function doctor(ctx: CliContext, opts: { json: boolean }): Promise<number> {
  const checks: Check[] = [nodeCheck(), await diskCheck(ctx.cwd)];
  try {
    const docker = await connectDocker();
    const version = await docker.version();
    checks.push({
      name: 'docker',
      status: 'ok',
      detail: `Docker Engine ${version.version} (API ${version.apiVersion})`,
    });
    const images = await imageStatus(docker);
    for (const image of images) {
      checks.push(
        image.state === 'ready'
          ? { name: `image ${image.ref}`, status: 'ok', detail: 'built and up to date' }
          : {
              name: `image ${image.ref}`,
              status: 'fail',
              detail: image.state,
              fix: 'Run `backlab images build`.',
            },
      );
    }
    // pip's default index is read from the Python image: without it, there is nothing to ask.
    const pythonReady = images.some((image) => image.ref === IMAGE.python && image.state === 'ready');
    checks.push(...(await packageSourceChecks(pythonReady ? docker : undefined)));
  } catch (err) {
    checks.push({ name: 'docker', status: 'fail', detail: errorMessage(err), fix: DOCKER_HINT });
  }
  const ok = checks.every((c) => c.status !== 'fail');
  if (opts.json) {
    ctx.out(JSON.stringify({ ok, checks }, null, 2));
  } else {
    const mark = { ok: '✔', warn: '!', fail: '✘' };
    ctx.out(
      checks
        .map((c) => `${mark[c.status]} ${c.name.padEnd(30)} ${c.detail}${c.fix ? `\n  → ${c.fix}` : ''}`)
        .join('\n'),
    );
  }
  return ok ? EXIT.ok : EXIT.error;
}

function nodeCheck(): Check {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const recent = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return recent
    ? { name: 'node', status: 'ok', detail: `Node.js ${process.version}` }
    : {
        name: 'node',
        status: 'fail',
        detail: `Node.js ${process.version} is too old`,
        fix: `Install Node.js ${MIN_NODE.join('.')} or newer.`,
      };
}

async function diskCheck(path: string): Promise<Check> {
  const stats = await statfs(path);
  const free = stats.bavail * stats.bsize;
  const shown = `${(free / 1024 ** 3).toFixed(1)} GB free`;
  return free < LOW_DISK_BYTES
    ? {
        name: 'disk',
        status: 'warn',
        detail: shown,
        fix: 'Images and caches need a few GB: free some space or run `backlab cleanup --cache`.',
      }
    : { name: 'disk', status: 'ok', detail: shown };
}
