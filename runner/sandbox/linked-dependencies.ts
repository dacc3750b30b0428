import { posix } from 'node:path';
import type { DirectoryArchive } from '../docker/archive';
import type { DockerClient, Mount } from '../docker/docker-client';
import { stageContainer, type StageRequest } from './stage-container';

/** Where install containers see the cache volume, and the folder a complete install is renamed to. */
export const CACHE_MOUNT = '/deps-cache';
export const PUBLISHED = 'tree';
export const PUBLISHED_TREE = `${PUBLISHED}/node_modules`;

/**
 * A cache hit with nothing to build needs no copy of node_modules: the app's container gets the
 * published tree bound read-only at the app's own node_modules path, so every path the app sees
 * (and every realpath, which `require` and project-root finders use) is what a copy would give.
 * Read-only, it cannot be poisoned: the app's code volume is read-only already.
 *
 * Returns the mounts the app needs, or undefined when this engine cannot serve the tree that way
 * (a volume driver other than plain local, or no published tree yet): the caller copies instead.
 * The code goes into the app's volume in a container that is created, filled and removed, never
 * started.
 */
export async function placeBesideCachedTree(
  docker: DockerClient,
  stage: StageRequest,
  cacheVolume: string,
  project: DirectoryArchive,
): Promise<Mount[] | undefined> {
  const volume = await docker.inspectVolume(cacheVolume);
  if (!volume || volume.driver !== 'local' || Object.keys(volume.options).length > 0) return undefined;
  const id = await docker.createContainer(
    stageContainer(stage, 'install', {
      network: { name: 'none', aliases: [] },
      env: {},
      cmd: ['true'],
      mounts: [{ type: 'volume', source: cacheVolume, target: CACHE_MOUNT, readOnly: true }],
    }),
  );
  try {
    if (!(await docker.pathExists(id, posix.join(CACHE_MOUNT, PUBLISHED_TREE)))) return undefined;
    const modules = posix.join(stage.appPath, 'node_modules');
    // The mount point must exist in the code volume, which the app mounts read-only.
    await docker.putArchive(id, '/app', await project.withFolders([modules]));
    // The tree alone: the app sees nothing else of the cache volume. The engine does not count a
    // bind as a use of the volume, so the app's containers carry its key (LABEL.depsKey) instead,
    // and `backlab cleanup --cache` keeps a volume that running containers are labelled with.
    return [
      {
        type: 'bind',
        source: posix.join(volume.mountpoint, PUBLISHED_TREE),
        target: posix.join('/app', modules),
        readOnly: true,
      },
    ];
  } finally {
    await docker.removeContainer(id).catch(() => undefined);
  }
}
