import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfraError } from '../../common/errors';
import type { DockerClient } from '../docker-client';
import { hostDebianMirrors } from './apt-sources';
import { DEBIAN_RELEASE, IMAGE, UPSTREAM_BASE_IMAGE } from './catalog';
import { createDebianRootfs, removeRootfs } from './debian-rootfs';

/** How the base image came to be: already there, from a local/pulled Debian image, or built. */
export type BaseImageSource = 'present' | 'tagged' | 'pulled' | 'built';

export interface BaseImageOptions {
  docker: DockerClient;
  /** Make it again even when present. */
  force: boolean;
  onLine: (line: string) => void;
}

/**
 * Makes IMAGE.base exist. Prefers Debian's own slim image (local, else pulled); without a
 * registry it builds an equivalent with debootstrap from the host's Debian mirror.
 */
export async function ensureBaseImage(opts: BaseImageOptions): Promise<BaseImageSource> {
  const { docker, onLine } = opts;
  if (!opts.force && (await docker.inspectImage(IMAGE.base))) return 'present';
  if (await docker.inspectImage(UPSTREAM_BASE_IMAGE)) {
    await docker.tagImage(UPSTREAM_BASE_IMAGE, IMAGE.base);
    return 'tagged';
  }
  if (await docker.pullImage(UPSTREAM_BASE_IMAGE, onLine)) {
    await docker.tagImage(UPSTREAM_BASE_IMAGE, IMAGE.base);
    return 'pulled';
  }
  onLine(`${UPSTREAM_BASE_IMAGE} is not available; building the base with debootstrap`);
  await buildWithDebootstrap(docker, onLine);
  return 'built';
}

async function buildWithDebootstrap(docker: DockerClient, onLine: (line: string) => void): Promise<void> {
  const mirrors = await hostDebianMirrors(DEBIAN_RELEASE);
  const workDir = await mkdtemp(join(tmpdir(), 'backlab-rootfs-'));
  const rootfs = join(workDir, 'rootfs');
  try {
    await createDebianRootfs({ rootfs, release: DEBIAN_RELEASE, mirrors, onLine });
    onLine(`importing the root filesystem as ${IMAGE.base}`);
    await importRootfs(docker, rootfs, onLine);
  } finally {
    await removeRootfs(workDir);
  }
}

/** `tar -C ROOTFS -c . | docker import`: system tar keeps device files, owners and modes exact. */
async function importRootfs(
  docker: DockerClient,
  rootfs: string,
  onLine: (line: string) => void,
): Promise<void> {
  const tar = spawn('tar', ['--numeric-owner', '-C', rootfs, '-c', '.'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  tar.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const tarDone = new Promise<void>((resolve, reject) => {
    tar.on('error', (err) => reject(new InfraError(`Could not run tar to pack ${rootfs}: ${err.message}`)));
    tar.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new InfraError(`tar of ${rootfs} exited with code ${code}: ${stderr.trim()}`)),
    );
  });
  await Promise.all([docker.importImage(tar.stdout, IMAGE.base, onLine), tarDone]);
}
