import type { DockerClient } from '../../docker/docker-client';
import { buildImages, imageStatus } from '../../docker/images';
import type { CliContext } from '../cli-context';

/** Builds missing or outdated images first, so the one-command loop works on a new machine. */
export async function ensureImages(ctx: CliContext, docker: DockerClient): Promise<void> {
  const status = await imageStatus(docker);
  if (status.every((s) => s.state === 'ready')) return;
  ctx.progress.info('Some backlab images are missing or out of date; building them (once, a few minutes).');
  await buildImages({ docker, progress: ctx.progress, force: false });
}
