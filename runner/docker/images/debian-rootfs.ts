import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../common/errors';
import { baseImageSources, type DebianMirrors } from './apt-sources';
import { UPSTREAM_BASE_IMAGE } from './catalog';
import { findCommand, runCommand } from './run-command';

/** Keeps docs, man pages and translations out of every image built on the base. */
const DPKG_SLIM = `path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
`;

/** Like Debian's own container images: no recommends, no package caches left in image layers. */
const APT_SLIM = `APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };
`;

export interface RootfsOptions {
  rootfs: string;
  release: string;
  mirrors: DebianMirrors;
  onLine: (line: string) => void;
}

/** A minimal Debian root filesystem made with debootstrap, with apt sources that work in builds. */
export async function createDebianRootfs(opts: RootfsOptions): Promise<void> {
  const debootstrap = await ensureDebootstrap(opts.onLine);
  await runCommand(
    debootstrap,
    ['--variant=minbase', opts.release, opts.rootfs, opts.mirrors.archive],
    opts.onLine,
  );
  await configureRootfs(opts);
}

async function configureRootfs({ rootfs, release, mirrors }: RootfsOptions): Promise<void> {
  const at = (path: string) => join(rootfs, path);
  await rm(at('etc/apt/sources.list'), { force: true });
  await mkdir(at('etc/apt/sources.list.d'), { recursive: true });
  await writeFile(at('etc/apt/sources.list.d/debian.sources'), baseImageSources(mirrors, release));
  await writeFile(at('etc/dpkg/dpkg.cfg.d/backlab-slim'), DPKG_SLIM);
  await writeFile(at('etc/apt/apt.conf.d/90backlab-slim'), APT_SLIM);
  // Downloaded packages and indexes are stale by the time an image is built; builds update first.
  for (const path of ['var/cache/apt/archives', 'var/lib/apt/lists']) await emptyAptFolder(at(path));
}

async function ensureDebootstrap(onLine: (line: string) => void): Promise<string> {
  if (process.getuid?.() !== 0) {
    throw new UserError(
      'Building the base image needs debootstrap (Debian package `debootstrap`), which must run as root.',
      `Run \`backlab images build\` as root (sudo), or load ${UPSTREAM_BASE_IMAGE} into Docker (docker load).`,
    );
  }
  const found = await findCommand('debootstrap');
  if (found) return found;
  onLine('debootstrap is not installed; installing it with apt-get');
  try {
    await runCommand('apt-get', ['install', '-y', 'debootstrap'], onLine);
  } catch {
    await runCommand('apt-get', ['update'], onLine);
    await runCommand('apt-get', ['install', '-y', 'debootstrap'], onLine);
  }
  const installed = await findCommand('debootstrap');
  if (!installed) {
    throw new UserError(
      'apt-get installed debootstrap but it is not on PATH.',
      'Install it with `apt-get install debootstrap`.',
    );
  }
  return installed;
}

/**
 * Removes a rootfs folder. A debootstrap that failed half-way can leave /proc or /sys mounted
 * inside it; those are unmounted first so the removal never walks into the host's own.
 */
export async function removeRootfs(dir: string): Promise<void> {
  const mounts = await readFile('/proc/mounts', 'utf8').catch(() => '');
  const inside = mounts
    .split('\n')
    .map((line) => line.split(' ')[1])
    .filter((point): point is string => Boolean(point) && point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of inside) await runCommand('umount', ['-l', point], () => {});
  await rm(dir, { recursive: true, force: true });
}

async function emptyAptFolder(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
  await mkdir(join(path, 'partial'), { recursive: true });
}
