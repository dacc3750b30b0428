import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InfraError } from '../../common/errors';
import { packageRoot } from '../../common/package-root';

/** The Debian release every backlab image is built on. */
export const DEBIAN_RELEASE = 'bookworm';

/** Used as the base when a registry can provide it (or it is already loaded). */
export const UPSTREAM_BASE_IMAGE = 'debian:bookworm-slim';

/** Image references the rest of backlab starts containers from. */
export const IMAGE = {
  base: 'backlab/base:bookworm',
  mariadb: 'backlab/mariadb:latest',
  nginx: 'backlab/nginx:latest',
  redis: 'backlab/redis:latest',
  node: 'backlab/node:latest',
  python: 'backlab/python:latest',
  php: 'backlab/php:latest',
  /** A MongoDB wire-protocol test server, NOT MongoDB: used only when the official image is unavailable. */
  'mongo-standin': 'backlab/mongo-standin:latest',
} as const;

export type ImageName = keyof typeof IMAGE;
export type ServiceImageName = Exclude<ImageName, 'base'>;

/** Image label holding the content key the image was built from (see content-key.ts). */
export const IMAGE_KEY_LABEL = 'backlab.image.key';

export interface ImageDefinition {
  name: ServiceImageName;
  ref: string;
  /** Folder under docker/ holding the Dockerfile. */
  folder: string;
  /** The build context also gets the host's `node` binary and npm package folder. */
  withHostNode: boolean;
  /**
   * A sub-folder whose production dependencies are installed on the host into the build context:
   * the host has the registry, proxy and CA settings that a build inside Docker may lack.
   */
  hostNpmInstall?: string;
}

/** Built on top of IMAGE.base, in this order. */
export const SERVICE_IMAGES: readonly ImageDefinition[] = [
  { name: 'mariadb', ref: IMAGE.mariadb, folder: 'mariadb', withHostNode: false },
  { name: 'nginx', ref: IMAGE.nginx, folder: 'nginx', withHostNode: false },
  { name: 'redis', ref: IMAGE.redis, folder: 'redis', withHostNode: false },
  { name: 'node', ref: IMAGE.node, folder: 'node', withHostNode: true },
  { name: 'python', ref: IMAGE.python, folder: 'python', withHostNode: true },
  { name: 'php', ref: IMAGE.php, folder: 'php', withHostNode: true },
  {
    name: 'mongo-standin',
    ref: IMAGE['mongo-standin'],
    folder: 'mongo-standin',
    withHostNode: true,
    hostNpmInstall: 'server',
  },
];

/** backlab's docker/ folder, one sub-folder per image. */
export function dockerfilesRoot(): string {
  const root = join(packageRoot(), 'docker');
  const probe = join(root, SERVICE_IMAGES[0].folder, 'Dockerfile');
  if (!existsSync(probe)) {
    throw new InfraError(
      `${probe} is missing.`,
      'Reinstall backlab; the docker/ folder is part of the package.',
    );
  }
  return root;
}

export function imageFolder(def: ImageDefinition, root: string = dockerfilesRoot()): string {
  return join(root, def.folder);
}
