import type { DockerClient } from '../docker-client';
import {
  IMAGE,
  IMAGE_KEY_LABEL,
  SERVICE_IMAGES,
  imageFolder,
  type ImageDefinition,
  type ImageName,
} from './catalog';
import { computeContentKey, readContextFiles } from './content-key';

/** missing: not built. outdated: built from other Dockerfiles, another base or Node.js. */
export type ImageState = 'missing' | 'outdated' | 'ready';

export interface ImageStatus {
  name: ImageName;
  ref: string;
  state: ImageState;
  sizeBytes?: number;
}

/** The content key `def` would be built with on top of the base image `baseImageId`. */
export async function expectedImageKey(def: ImageDefinition, baseImageId: string): Promise<string> {
  const files = await readContextFiles(imageFolder(def));
  // The node image copies the host's Node.js, so another Node.js means another image.
  const extras = def.withHostNode ? [`node ${process.version}`] : [];
  return computeContentKey({ files, baseImageId, extras });
}

/** The state of one service image, given the current base image id (undefined when it is missing). */
export async function serviceImageStatus(
  docker: DockerClient,
  def: ImageDefinition,
  baseImageId: string | undefined,
): Promise<ImageStatus> {
  const image = await docker.inspectImage(def.ref);
  if (!image) return { name: def.name, ref: def.ref, state: 'missing' };
  const ready =
    baseImageId !== undefined && image.labels[IMAGE_KEY_LABEL] === (await expectedImageKey(def, baseImageId));
  return { name: def.name, ref: def.ref, state: ready ? 'ready' : 'outdated', sizeBytes: image.sizeBytes };
}

/** Every image backlab uses, base first; for `doctor` and `backlab images status`. */
export async function imageStatus(docker: DockerClient): Promise<ImageStatus[]> {
  const base = await docker.inspectImage(IMAGE.base);
  const statuses: ImageStatus[] = [
    base
      ? { name: 'base', ref: IMAGE.base, state: 'ready', sizeBytes: base.sizeBytes }
      : { name: 'base', ref: IMAGE.base, state: 'missing' },
  ];
  for (const def of SERVICE_IMAGES) statuses.push(await serviceImageStatus(docker, def, base?.id));
  return statuses;
}
