import { errorMessage, InfraError } from '../common/errors';
import { withTimeout } from '../common/poll';
import type { Mount } from '../docker/docker-client';
import { withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { archiveProject, type InstalledApp, type InstallRequest } from '../sandbox/install-dependencies';
import { installLimits } from '../sandbox/install-limits';
import { lastLinesOf } from '../sandbox/log-excerpt';
import { AppSetupError } from '../sandbox/package-json';
import { stageContainer, type StageRequest } from '../sandbox/stage-container';
import type { RuntimeFacts } from './app-runtime';
import { composerNeeds, type ComposerNeeds } from './composer-check';
import {
  COMPOSER_CACHE,
  composerSource,
  installComposerPackages,
  noComposerSourceError,
  PLACE_VENDOR,
} from './composer-install';
import { installedNote } from './package-messages';
import { pythonPackageSource } from './python-package-source';
import { installMissingPackages } from './python-packages-install';
import { missingPackagesError, requirementsVerdict } from './requirements-verdict';

/** What the Node.js install gets, but a package.json and its commands; and the runtime. */
export type InterpretedInstallRequest = Pick<
  InstallRequest,
  'docker' | 'runId' | 'labels' | 'sourceDir' | 'appDir' | 'appPath' | 'timeoutMs' | 'memoryBytes'
> & { runtime: RuntimeFacts };

export interface InterpretedInstall extends InstalledApp {
  /** What the learner should know: another version than the one asked for, what was installed. */
  notes: string[];
}

/** What the app gets from its packages' install, beside its code. */
type Packages = Pick<InterpretedInstall, 'mounts' | 'appLabels' | 'binDirs' | 'env' | 'fromCache' | 'notes'>;

const NO_PACKAGES: Packages = { mounts: [], appLabels: {}, fromCache: false, notes: [] };
const CHECK_REQUIREMENTS = 'python3 -I /usr/local/lib/backlab/check-requirements.py';

/**
 * The install stage of a Python or PHP app. Most of what learners' apps import comes with the
 * runtime's image (Debian's packages), so most download nothing: the code goes into the app's
 * volume in a container with no network, which checks the packages a Python app declares. What an
 * app needs beyond them is installed from the grader's package source into a cache volume of its
 * own: pip's environment (python-packages-install.ts), mounted read-only by the app, or Composer's
 * vendor/ (composer-install.ts), copied in beside the code. It is named when there is no source.
 */
export async function installInterpreted(req: InterpretedInstallRequest): Promise<InterpretedInstall> {
  const { docker, runtime } = req;
  if (runtime.id === 'node') throw new Error('installInterpreted is for Python and PHP apps');
  const image = await docker.inspectImage(runtime.image);
  if (!image) throw new InfraError(`image ${runtime.image} is missing`, 'Run `backlab images build`.');
  const needs = runtime.id === 'php' ? await composerNeeds(req) : undefined;
  const project = await archiveProject(req.sourceDir);
  const volume = resourceName(req.runId, 'app');
  await docker.createVolume(volume, withRole(req.labels, 'app-volume'));
  const stage: StageRequest = {
    runId: req.runId,
    labels: req.labels,
    volume,
    appPath: req.appPath,
    limits: installLimits(req.memoryBytes),
    image: runtime.image,
  };
  const place: Place = (command, mounts = []) => placeCode(req, stage, project.tar, command, mounts);
  let packages: Packages;
  if (needs) packages = await installVendor(req, stage, image.id, needs, place);
  else if (runtime.id === 'php') packages = await place('true').then(() => NO_PACKAGES);
  else {
    const output = await place(CHECK_REQUIREMENTS);
    const verdict = requirementsVerdict(output.text, output.exitCode, runtime);
    if (verdict.error) throw verdict.error;
    packages = { ...NO_PACKAGES, notes: verdict.notes };
    if (verdict.missing.length)
      packages = await installMissing(req, stage, image.id, verdict.missing, verdict.notes);
  }
  return { volume, files: project.files, skippedLinks: project.skippedLinks, ...packages };
}

type Place = (command: string, mounts?: Mount[]) => Promise<{ text: string; exitCode: number }>;

/** A PHP app's Composer packages: installed in their cache volume, then copied in beside the code. */
async function installVendor(
  req: InterpretedInstallRequest,
  stage: StageRequest,
  imageId: string,
  needs: ComposerNeeds,
  place: Place,
): Promise<Packages> {
  const source = await composerSource();
  if (!source) throw noComposerSourceError(needs.packages);
  const done = await installComposerPackages({ ...req, stage, imageId, ...needs, source });
  const placed = await place(PLACE_VENDOR, [
    { type: 'volume', source: done.volume, target: COMPOSER_CACHE, readOnly: true },
  ]);
  if (placed.exitCode !== 0) {
    throw new AppSetupError(
      `writing Composer's autoloader for your code failed:\n${lastLinesOf(placed.text, 12)}`,
      'Check the "autoload" section of composer.json: every folder it names must be in what you submit.',
    );
  }
  const lock = needs.hasLock
    ? " (composer.lock set aside: its download URLs are the packages' code hosts, which grading does not reach, so versions were chosen again within composer.json's constraints)"
    : '';
  const note = `${installedNote(needs.packages, 'Composer', done.fromCache, source)}${lock}`;
  return { ...NO_PACKAGES, fromCache: done.fromCache, notes: [note] };
}

/** What a Python app declares beyond the image's packages, by pip from the grader's source. */
async function installMissing(
  req: InterpretedInstallRequest,
  stage: StageRequest,
  imageId: string,
  missing: string[],
  notes: string[],
): Promise<Packages> {
  const source = await pythonPackageSource({ ...req, image: req.runtime.image });
  if (!source) throw missingPackagesError(req.runtime, missing);
  const { manifest } = req.runtime;
  const installed = await installMissingPackages({
    ...req,
    stage,
    imageId,
    requirements: missing,
    manifest,
    source,
  });
  return { ...installed, notes: [...notes, installedNote(missing, 'pip', installed.fromCache, source)] };
}

/** Puts the code in the app's volume in a container with no network, and runs `command` there. */
async function placeCode(
  req: InterpretedInstallRequest,
  stage: StageRequest,
  tar: Buffer,
  command: string,
  mounts: Mount[],
): Promise<{ text: string; exitCode: number }> {
  const { docker } = req;
  const id = await docker.createContainer(
    stageContainer(stage, 'build', {
      network: { name: 'none', aliases: [] },
      env: {},
      cmd: ['sh', '-c', command],
      mounts,
    }),
  );
  let exitCode: number | undefined;
  let text: string;
  try {
    await docker.putArchive(id, '/app', tar);
    await docker.startContainer(id);
    exitCode = await withTimeout(docker.waitContainer(id), req.timeoutMs);
    text = await docker.logs(id, 500).catch(() => '');
  } catch (err) {
    throw new InfraError(`placing your code in the sandbox failed: ${errorMessage(err)}`);
  } finally {
    await docker.removeContainer(id).catch(() => undefined);
  }
  if (exitCode === undefined) {
    throw new InfraError(`placing your code did not finish within ${Math.round(req.timeoutMs / 1000)} s`);
  }
  return { text, exitCode };
}
