import type { Progress } from '../../common/progress';
import type { DockerClient } from '../../docker/docker-client';
import {
  buildImages,
  imageStatus,
  type ImageBuildOutcome,
  type ImageName,
  type ImageStatus,
} from '../../docker/images';

export interface ImagesBuildOptions {
  docker: DockerClient;
  progress: Progress;
  /** Rebuild images that are already up to date. */
  force: boolean;
  /** Only these images; all when absent. */
  only?: ImageName[];
}

export interface ImagesBuildResult {
  images: ImageBuildOutcome[];
  durationMs: number;
}

/** `backlab images build`: makes every image backlab needs, skipping those already up to date. */
export async function imagesBuild(opts: ImagesBuildOptions): Promise<ImagesBuildResult> {
  const started = Date.now();
  const images = await buildImages(opts);
  return { images, durationMs: Date.now() - started };
}

export interface ImagesStatusResult {
  images: ImageStatus[];
  /** True when every image is built and up to date. */
  allReady: boolean;
}

/** `backlab images status`: which images are missing, outdated or ready. */
export async function imagesStatus(opts: { docker: DockerClient }): Promise<ImagesStatusResult> {
  const images = await imageStatus(opts.docker);
  return { images, allReady: images.every((image) => image.state === 'ready') };
}
