import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { InfraError } from '../common/errors';
import type { BuildOptions, ImageInfo } from './docker-client';
import { ignoreMissing, statusOf } from './dockerode-status';

/** The image half of DockerodeClient: inspect, build, import, pull, tag, remove. */
export async function inspectImage(docker: Docker, ref: string): Promise<ImageInfo | undefined> {
  try {
    const info = await docker.getImage(ref).inspect();
    return { id: info.Id, labels: info.Config?.Labels ?? {}, sizeBytes: info.Size };
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

export async function buildImage(
  docker: Docker,
  context: Readable,
  opts: BuildOptions,
  onOutput: (line: string) => void,
): Promise<void> {
  const stream = await docker.buildImage(context, {
    t: opts.tag,
    buildargs: opts.buildArgs,
    labels: opts.labels,
    rm: true,
    forcerm: true,
  });
  await followProgress(docker, stream, onOutput, `build of ${opts.tag}`);
}

export async function importImage(
  docker: Docker,
  rootfs: Readable,
  ref: string,
  onOutput: (line: string) => void,
): Promise<void> {
  const [repo, tag = 'latest'] = ref.split(':');
  const stream = await docker.importImage(rootfs, { repo, tag });
  await followProgress(docker, stream, onOutput, `import of ${ref}`);
}

export async function pullImage(
  docker: Docker,
  ref: string,
  onOutput: (line: string) => void,
): Promise<boolean> {
  try {
    const stream = await docker.pull(ref);
    await followProgress(docker, stream, onOutput, `pull of ${ref}`);
    return true;
  } catch (err) {
    onOutput(`pull of ${ref} failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return false;
  }
}

export async function tagImage(docker: Docker, source: string, ref: string): Promise<void> {
  const [repo, tag = 'latest'] = ref.split(':');
  await docker.getImage(source).tag({ repo, tag });
}

export async function removeImage(docker: Docker, ref: string): Promise<void> {
  await ignoreMissing(() => docker.getImage(ref).remove({ force: true }));
}

/** Docker reports build/pull failures inside the stream, not as an HTTP error; surface them. */
function followProgress(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  onOutput: (line: string) => void,
  what: string,
) {
  return new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, events: Array<{ error?: string }>) => {
        const failed = err?.message ?? events.find((e) => e.error)?.error;
        if (failed) reject(new InfraError(`${what} failed: ${failed.trim()}`));
        else resolve();
      },
      (event: { stream?: string; status?: string; progress?: string; error?: string }) => {
        const text = event.stream ?? event.error ?? [event.status, event.progress].filter(Boolean).join(' ');
        for (const line of text.split('\n')) if (line.trim()) onOutput(line.trimEnd());
      },
    );
  });
}
