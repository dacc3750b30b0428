import { errorMessage, InfraError } from '../../common/errors';
import type { Progress } from '../../common/progress';
import type { DockerClient } from '../docker-client';
import { ensureBaseImage, type BaseImageSource } from './base-image';
import { createBuildContext } from './build-context';
import {
  IMAGE,
  IMAGE_KEY_LABEL,
  SERVICE_IMAGES,
  imageFolder,
  type ImageDefinition,
  type ImageName,
} from './catalog';
import { locateHostNode } from './host-node';
import { expectedImageKey } from './image-status';
import { RecentLines } from './recent-lines';

/** built: made here. skipped: already up to date. tagged/pulled: the base came from Debian's image. */
export type BuildAction = 'built' | 'skipped' | 'tagged' | 'pulled';

export interface ImageBuildOutcome {
  name: ImageName;
  ref: string;
  action: BuildAction;
  durationMs: number;
  sizeBytes: number;
}

export interface BuildImagesOptions {
  docker: DockerClient;
  progress: Progress;
  /** Rebuild even images that are up to date. */
  force?: boolean;
  /** Only these images (the base is always made when missing, everything builds on it). */
  only?: ImageName[];
}

const RETRY_HINT =
  'Check that this machine reaches its Debian mirror (`apt-get update`), then run `backlab images build` again.';

const BASE_ACTION: Record<BaseImageSource, BuildAction> = {
  present: 'skipped',
  tagged: 'tagged',
  pulled: 'pulled',
  built: 'built',
};

/**
 * Makes every backlab image exist and match its Dockerfile folder: the base first, then each
 * service image on top of it. Idempotent: images whose content key matches are skipped.
 */
export async function buildImages(opts: BuildImagesOptions): Promise<ImageBuildOutcome[]> {
  const wanted = (name: ImageName) => !opts.only || opts.only.includes(name);
  const outcomes = [await buildBase(opts, opts.force === true && wanted('base'))];
  for (const def of SERVICE_IMAGES.filter((d) => wanted(d.name))) {
    outcomes.push(await buildServiceImage(def, opts));
  }
  return outcomes;
}

async function buildBase(opts: BuildImagesOptions, force: boolean): Promise<ImageBuildOutcome> {
  const started = Date.now();
  const step = opts.progress.step(`Base image ${IMAGE.base}`);
  try {
    const source = await ensureBaseImage({ docker: opts.docker, force, onLine: (line) => step.update(line) });
    const image = await opts.docker.inspectImage(IMAGE.base);
    if (!image) throw new InfraError(`${IMAGE.base} is still missing after it was made.`);
    const durationMs = Date.now() - started;
    step.succeed(source === 'present' ? 'up to date' : source);
    return {
      name: 'base',
      ref: IMAGE.base,
      action: BASE_ACTION[source],
      durationMs,
      sizeBytes: image.sizeBytes,
    };
  } catch (err) {
    step.fail(errorMessage(err).split('\n')[0]);
    throw err;
  }
}

async function buildServiceImage(def: ImageDefinition, opts: BuildImagesOptions): Promise<ImageBuildOutcome> {
  const { docker } = opts;
  const started = Date.now();
  const step = opts.progress.step(`Image ${def.ref}`);
  try {
    const base = await docker.inspectImage(IMAGE.base);
    if (!base)
      throw new InfraError(`${IMAGE.base} is missing; it must exist before ${def.ref} can be built.`);
    const key = await expectedImageKey(def, base.id);
    const existing = await docker.inspectImage(def.ref);
    if (!opts.force && existing?.labels[IMAGE_KEY_LABEL] === key) {
      step.succeed('up to date');
      return {
        name: def.name,
        ref: def.ref,
        action: 'skipped',
        durationMs: Date.now() - started,
        sizeBytes: existing.sizeBytes,
      };
    }
    await runBuild(def, key, docker, (line) => step.update(line));
    const built = await docker.inspectImage(def.ref);
    if (built?.labels[IMAGE_KEY_LABEL] !== key) {
      throw new InfraError(`${def.ref} was built but does not carry the expected ${IMAGE_KEY_LABEL} label.`);
    }
    const durationMs = Date.now() - started;
    step.succeed('built');
    return { name: def.name, ref: def.ref, action: 'built', durationMs, sizeBytes: built.sizeBytes };
  } catch (err) {
    step.fail(errorMessage(err).split('\n')[0]);
    throw err;
  }
}

async function runBuild(
  def: ImageDefinition,
  key: string,
  docker: DockerClient,
  onLine: (line: string) => void,
) {
  const recent = new RecentLines(15);
  const context = await createBuildContext(
    imageFolder(def),
    def.withHostNode ? locateHostNode() : undefined,
    def.hostNpmInstall ? { subfolder: def.hostNpmInstall, onLine } : undefined,
  );
  try {
    await docker.buildImage(
      context.tar,
      { tag: def.ref, buildArgs: { BASE: IMAGE.base }, labels: { [IMAGE_KEY_LABEL]: key } },
      (line) => {
        recent.push(line);
        onLine(line);
      },
    );
  } catch (err) {
    throw new InfraError(
      `Building ${def.ref} from ${imageFolder(def)} failed: ${errorMessage(err)}\nLast build output:\n${recent.text()}`,
      RETRY_HINT,
    );
  } finally {
    await context.cleanup();
  }
}
