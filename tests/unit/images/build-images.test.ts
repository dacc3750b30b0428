import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { list } from 'tar';
import { InfraError } from '../../../runner/common/errors';
import type { Progress } from '../../../runner/common/progress';
import type { BuildOptions, DockerClient, ImageInfo } from '../../../runner/docker/docker-client';
import { buildImages } from '../../../runner/docker/images/build-images';
import {
  IMAGE,
  IMAGE_KEY_LABEL,
  SERVICE_IMAGES,
  UPSTREAM_BASE_IMAGE,
} from '../../../runner/docker/images/catalog';
import { expectedImageKey } from '../../../runner/docker/images/image-status';

const BASE_ID = 'sha256:base-image-id';
const mariadb = SERVICE_IMAGES.find((d) => d.name === 'mariadb')!;

interface Build {
  options: BuildOptions;
  contextFiles: string[];
}

/** A Docker engine holding images in a map; builds record what they were given. */
class FakeDocker {
  readonly images = new Map<string, ImageInfo>();
  readonly builds: Build[] = [];
  readonly tags: Array<[string, string]> = [];
  buildOutput: string[] = ['Step 1/2 : FROM backlab/base:bookworm', 'Successfully built 123'];
  failBuild = false;

  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    return this.images.get(ref);
  }

  async tagImage(source: string, ref: string): Promise<void> {
    this.tags.push([source, ref]);
    this.images.set(ref, this.images.get(source)!);
  }

  async pullImage(): Promise<boolean> {
    return false;
  }

  async buildImage(
    context: Readable,
    options: BuildOptions,
    onOutput: (line: string) => void,
  ): Promise<void> {
    const contextFiles: string[] = [];
    const parser = list({ onReadEntry: (entry) => contextFiles.push(entry.path) });
    context.pipe(parser);
    await once(parser, 'end');
    this.builds.push({ options, contextFiles });
    for (const line of this.buildOutput) onOutput(line);
    if (this.failBuild) throw new InfraError(`build of ${options.tag} failed: exit code 100`);
    this.images.set(options.tag, {
      id: `sha256:${options.tag}`,
      labels: options.labels ?? {},
      sizeBytes: 1000,
    });
  }

  asClient(): DockerClient {
    return this as unknown as DockerClient;
  }
}

function recordingProgress() {
  const events: string[] = [];
  const progress: Progress = {
    step: (title) => {
      events.push(`step ${title}`);
      return {
        update: (detail) => events.push(`update ${detail}`),
        succeed: (detail) => events.push(`succeed ${title}: ${detail ?? ''}`),
        fail: (detail) => events.push(`fail ${title}: ${detail ?? ''}`),
      };
    },
    info: () => {},
    warn: () => {},
  };
  return { progress, events };
}

function dockerWithBase(): FakeDocker {
  const docker = new FakeDocker();
  docker.images.set(IMAGE.base, { id: BASE_ID, labels: {}, sizeBytes: 100 });
  return docker;
}

describe('buildImages', () => {
  it('skips an image whose content key matches and builds none', async () => {
    const docker = dockerWithBase();
    const key = await expectedImageKey(mariadb, BASE_ID);
    docker.images.set(IMAGE.mariadb, { id: 'sha256:m', labels: { [IMAGE_KEY_LABEL]: key }, sizeBytes: 5 });
    const { progress, events } = recordingProgress();

    const outcomes = await buildImages({ docker: docker.asClient(), progress, only: ['mariadb'] });

    expect(outcomes.map((o) => [o.name, o.action])).toEqual([
      ['base', 'skipped'],
      ['mariadb', 'skipped'],
    ]);
    expect(docker.builds).toHaveLength(0);
    expect(events).toContain(`succeed Image ${IMAGE.mariadb}: up to date`);
  });

  it('builds an outdated image on the base with the Dockerfile folder as context and the key as label', async () => {
    const docker = dockerWithBase();
    docker.images.set(IMAGE.mariadb, {
      id: 'sha256:old',
      labels: { [IMAGE_KEY_LABEL]: 'sha256:stale' },
      sizeBytes: 5,
    });
    const { progress, events } = recordingProgress();

    const outcomes = await buildImages({ docker: docker.asClient(), progress, only: ['mariadb'] });

    expect(outcomes[1]).toMatchObject({ name: 'mariadb', action: 'built' });
    expect(docker.builds).toHaveLength(1);
    const [build] = docker.builds;
    expect(build.options.tag).toBe(IMAGE.mariadb);
    expect(build.options.buildArgs).toEqual({ BASE: IMAGE.base });
    expect(build.options.labels?.[IMAGE_KEY_LABEL]).toBe(await expectedImageKey(mariadb, BASE_ID));
    expect(build.contextFiles).toContain('Dockerfile');
    expect(events).toContain('update Step 1/2 : FROM backlab/base:bookworm');
  });

  it('rebuilds an up-to-date image when forced', async () => {
    const docker = dockerWithBase();
    const key = await expectedImageKey(mariadb, BASE_ID);
    docker.images.set(IMAGE.mariadb, { id: 'sha256:m', labels: { [IMAGE_KEY_LABEL]: key }, sizeBytes: 5 });

    const outcomes = await buildImages({
      docker: docker.asClient(),
      progress: recordingProgress().progress,
      force: true,
      only: ['mariadb'],
    });

    expect(outcomes[1].action).toBe('built');
    expect(docker.builds).toHaveLength(1);
  });

  it('fails with an InfraError carrying the last 15 build lines and marks the step failed', async () => {
    const docker = dockerWithBase();
    docker.failBuild = true;
    docker.buildOutput = Array.from({ length: 20 }, (_, i) => `build line ${i + 1}`);
    const { progress, events } = recordingProgress();

    const failure = buildImages({ docker: docker.asClient(), progress, only: ['nginx'] });

    await expect(failure).rejects.toBeInstanceOf(InfraError);
    const message = await failure.catch((err: Error) => err.message);
    expect(message).toContain(`Building ${IMAGE.nginx}`);
    expect(message).toContain('build line 6\n');
    expect(message).toContain('build line 20');
    expect(message).not.toContain('build line 5\n');
    expect(events.some((e) => e.startsWith(`fail Image ${IMAGE.nginx}`))).toBe(true);
  });

  it('tags a locally available Debian image as the base instead of building one', async () => {
    const docker = new FakeDocker();
    docker.images.set(UPSTREAM_BASE_IMAGE, { id: 'sha256:debian', labels: {}, sizeBytes: 80 });

    const outcomes = await buildImages({
      docker: docker.asClient(),
      progress: recordingProgress().progress,
      only: ['base'],
    });

    expect(outcomes).toEqual([expect.objectContaining({ name: 'base', action: 'tagged' })]);
    expect(docker.tags).toEqual([[UPSTREAM_BASE_IMAGE, IMAGE.base]]);
  });
});
