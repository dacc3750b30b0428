import { errorMessage, InfraError } from '../common/errors';
import { withTimeout } from '../common/poll';
import { withRole } from '../docker/labels';
import { resourceName } from '../docker/names';
import { archiveProject, type InstalledApp, type InstallRequest } from '../sandbox/install-dependencies';
import { installLimits } from '../sandbox/install-limits';
import { stageContainer } from '../sandbox/stage-container';
import type { RuntimeFacts } from './app-runtime';
import { checkComposerPackages } from './composer-check';
import { pythonPackageSource } from './python-package-source';
import { installMissingPackages } from './python-packages-install';
import { missingPackagesError, requirementsVerdict, type RequirementsVerdict } from './requirements-verdict';

/** What the Node.js install gets, but a package.json and its commands; and the runtime. */
export type InterpretedInstallRequest = Pick<
  InstallRequest,
  'docker' | 'runId' | 'labels' | 'sourceDir' | 'appDir' | 'appPath' | 'timeoutMs' | 'memoryBytes'
> & { runtime: RuntimeFacts };

export interface InterpretedInstall extends InstalledApp {
  /** What the learner should know: a library in another version than the one asked for. */
  notes: string[];
}

/** Checks, per runtime, run in the app's folder where the code has been placed. */
const CHECK_COMMAND: Record<'python' | 'php', string> = {
  python: 'python3 /usr/local/lib/backlab/check-requirements.py',
  php: 'true',
};

/**
 * The install stage of a Python or PHP app. Most libraries come with the runtime's image (Debian's
 * packages), so most apps download nothing: the code goes into the app's volume in a container
 * with no network, which checks that every package the app declares is there. What a Python app
 * declares beyond them is installed by pip from the grader's package source
 * (python-packages-install.ts), or named when there is none.
 */
export async function installInterpreted(req: InterpretedInstallRequest): Promise<InterpretedInstall> {
  const { docker, runtime } = req;
  if (runtime.id === 'node') throw new Error('installInterpreted is for Python and PHP apps');
  const image = await docker.inspectImage(runtime.image);
  if (!image) throw new InfraError(`image ${runtime.image} is missing`, 'Run `backlab images build`.');
  if (runtime.id === 'php') await checkComposerPackages(req.appDir);
  const project = await archiveProject(req.sourceDir);
  const volume = resourceName(req.runId, 'app');
  await docker.createVolume(volume, withRole(req.labels, 'app-volume'));
  const stage = {
    runId: req.runId,
    labels: req.labels,
    volume,
    appPath: req.appPath,
    limits: installLimits(req.memoryBytes),
    image: runtime.image,
  };
  const id = await docker.createContainer(
    stageContainer(stage, 'build', {
      network: { name: 'none', aliases: [] },
      env: {},
      cmd: ['sh', '-c', CHECK_COMMAND[runtime.id]],
      mounts: [],
    }),
  );
  let verdict: RequirementsVerdict;
  try {
    verdict = await placeAndCheck(req, id, project.tar);
  } finally {
    await docker.removeContainer(id).catch(() => undefined);
  }
  const { files, skippedLinks } = project;
  const placed = { volume, files, skippedLinks, notes: verdict.notes };
  if (!verdict.missing.length) return { ...placed, mounts: [], appLabels: {}, fromCache: false };
  const source = await pythonPackageSource({ ...req, image: runtime.image });
  if (!source) throw missingPackagesError(runtime, verdict.missing);
  const installed = await installMissingPackages({
    ...req,
    stage,
    imageId: image.id,
    requirements: verdict.missing,
    manifest: runtime.manifest,
    source,
  });
  const how = installed.fromCache ? 'reused, as cached from' : 'installed with pip from';
  const note = `${verdict.missing.join(', ')}: ${how} ${source.description}`;
  return { ...placed, ...installed, notes: [...placed.notes, note] };
}

/** Puts the code in the check container, runs the check, and says what it found. */
async function placeAndCheck(
  req: InterpretedInstallRequest,
  id: string,
  tar: Buffer,
): Promise<RequirementsVerdict> {
  const { docker } = req;
  let exitCode: number | undefined;
  let output: string;
  try {
    await docker.putArchive(id, '/app', tar);
    await docker.startContainer(id);
    exitCode = await withTimeout(docker.waitContainer(id), req.timeoutMs);
    output = await docker.logs(id, 500).catch(() => '');
  } catch (err) {
    throw new InfraError(`placing your code in the sandbox failed: ${errorMessage(err)}`);
  }
  if (exitCode === undefined) {
    throw new InfraError(
      `checking your app's packages did not finish within ${Math.round(req.timeoutMs / 1000)} s`,
    );
  }
  const verdict = requirementsVerdict(output, exitCode, req.runtime);
  if (verdict.error) throw verdict.error;
  return verdict;
}
