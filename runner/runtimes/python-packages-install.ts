import type { Labels, Mount } from '../docker/docker-client';
import { LABEL } from '../docker/labels';
import { cachedInstall, type CachedInstallRequest, type PackageSource } from './cached-install';
import { pipFailure } from './pip-failure';

/** Where the installed packages live, in the install container and read-only in the app's. */
export const VENV_MOUNT = '/opt/backlab/venv';
const FOLDER_MOUNT = '/opt/backlab/find-links';

export type PipInstallRequest = Pick<
  CachedInstallRequest,
  'docker' | 'runId' | 'labels' | 'stage' | 'timeoutMs'
> & {
  imageId: string;
  /** The requirement lines the image does not satisfy, as the app declares them. */
  requirements: string[];
  manifest: string;
  source: PackageSource;
};

export interface PipInstalled {
  mounts: Mount[];
  appLabels: Labels;
  binDirs: string[];
  env: Record<string, string>;
  fromCache: boolean;
}

/** A stable name for the environment's site-packages, for interpreters other than its own. */
const SITE = `${VENV_MOUNT}/site`;

/**
 * pip, isolated and from `/`, into a virtual environment that sees the image's packages too: only
 * what is missing is fetched.
 */
const PIP_INSTALL = `python3 -I -m venv --system-site-packages --without-pip "$PWD" || exit 1
ln -s "$(bin/python -I -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" site || exit 1
printf '%s\\n' "$REQUIREMENTS" > /tmp/requirements.txt
cd / && "${VENV_MOUNT}/bin/python" -I -m pip install --no-input --progress-bar off -r /tmp/requirements.txt`;

/**
 * Installs by pip what an app declares beyond the image's packages, into a virtual environment
 * in a cache volume keyed by the requirement lines, the image and the source (cached-install.ts).
 * The app mounts it read-only at the path it was made at, with its commands first on the PATH.
 */
export async function installMissingPackages(req: PipInstallRequest): Promise<PipInstalled> {
  const { source } = req;
  const { volume, key, fromCache } = await cachedInstall({
    ...req,
    keyFacts: { image: req.imageId, requirements: [...req.requirements].sort() },
    cacheMount: VENV_MOUNT,
    folderMount: FOLDER_MOUNT,
    command: PIP_INSTALL,
    env: {
      REQUIREMENTS: req.requirements.join('\n'),
      PIP_NO_INDEX: source.index ? '0' : '1',
      ...(source.index ? { PIP_INDEX_URL: source.index.href } : {}),
      // pip ignores a plain-HTTP index it is not told to trust.
      ...(source.index?.protocol === 'http:' ? { PIP_TRUSTED_HOST: source.index.host } : {}),
      ...(source.folder ? { PIP_FIND_LINKS: FOLDER_MOUNT } : {}),
      PIP_RETRIES: '1',
      PIP_TIMEOUT: '15',
      PIP_NO_CACHE_DIR: '1',
    },
    what: `installing ${req.requirements.join(', ')} with pip`,
    failure: (output, refused) => pipFailure(output, req, refused),
  });
  return {
    mounts: [{ type: 'volume', source: volume, target: VENV_MOUNT, readOnly: true }],
    appLabels: { [LABEL.depsKey]: key },
    binDirs: [`${VENV_MOUNT}/bin`],
    // The image's own scripts (gunicorn, flask) run /usr/bin/python3, which sees the environment so.
    env: { PYTHONPATH: SITE },
    fromCache,
  };
}
