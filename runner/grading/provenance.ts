import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageVersion } from '../common/package-root';
import type { DockerClient } from '../docker/docker-client';
import { IMAGE, IMAGE_KEY_LABEL } from '../docker/images/catalog';
import { listFolderFiles } from '../docker/images/content-key';
import type { Lab } from '../lab';
import type { RunningService } from '../services/service';
import type { Provenance, ServiceProvenance } from './result';

/** The images a grade of `lab` starts containers from, before the MongoDB server is chosen. */
export function labImages(lab: Pick<Lab, 'services'>): string[] {
  return [
    // The app, the test runner and MongoDB's admin container all run on the node image.
    IMAGE.node,
    ...(lab.services.mysql ? [IMAGE.mariadb] : []),
    ...(lab.services.redis ? [IMAGE.redis] : []),
    ...(lab.services.nginx ? [IMAGE.nginx] : []),
  ];
}

/**
 * What produced a result: backlab's version, the lab's content, the images and the servers that
 * answered. Called before teardown with the services that started; it never fails a run.
 */
export async function collectProvenance(
  docker: DockerClient,
  lab: Pick<Lab, 'dir' | 'services'>,
  running: readonly RunningService[],
  /** The image the learner's app ran on, when it is not the Node.js one (a Python or PHP app). */
  appImage?: string,
): Promise<Provenance> {
  const services: Provenance['services'] = {};
  for (const service of running) {
    // ServiceOrigin and the result's ServiceProvenance are one shape, checked here.
    const origin: ServiceProvenance = await service.origin();
    services[service.kind] = origin;
  }
  const refs = [
    ...new Set([
      ...labImages(lab),
      ...(appImage ? [appImage] : []),
      ...Object.values(services).map((s) => s.image),
    ]),
  ];
  return {
    backlab: packageVersion(),
    labHash: await labContentHash(lab.dir),
    images: await imageKeys(docker, refs),
    services,
  };
}

/**
 * sha256 over every file of the lab folder, sorted by path, each path and content length-prefixed
 * ("ab"+"c" differs from "a"+"bc"). node_modules is left out: installed, not authored.
 */
export async function labContentHash(labDir: string): Promise<string> {
  const hash = createHash('sha256');
  const add = (part: string | Buffer) => hash.update(`${Buffer.byteLength(part)}:`).update(part);
  for (const path of await listFolderFiles(labDir)) {
    add(path);
    add(await readFile(join(labDir, path)));
  }
  return `sha256:${hash.digest('hex')}`;
}

/** Each image's content key, or its id when backlab did not build it; absent images are left out. */
export async function imageKeys(
  docker: DockerClient,
  refs: readonly string[],
): Promise<Record<string, string>> {
  const keys: Record<string, string> = {};
  for (const ref of refs) {
    const image = await docker.inspectImage(ref).catch(() => undefined);
    if (image) keys[ref] = image.labels[IMAGE_KEY_LABEL] ?? image.id;
  }
  return keys;
}
