import { archiveFiles } from '../docker/archive';
import { AppSetupError } from '../sandbox/package-json';
import { LEARNER } from '../sandbox/sandbox-user';
import { cachedInstall, type CachedInstallRequest, type PackageSource } from './cached-install';
import { composerFailure } from './composer-failure';
import { describedSource, packageFolder, packageIndexUrl } from './package-source-settings';

/** The cache volume: the install's work folder (with vendor/) under it; read-only where it is copied from. */
export const COMPOSER_CACHE = '/opt/backlab/composer';
const ARTIFACTS_MOUNT = '/opt/backlab/composer-artifacts';

const ARTIFACTS_SETTING = {
  name: 'BACKLAB_COMPOSER_ARTIFACTS',
  what: "a folder of package zips (Composer's artifact repository)",
};
const REPOSITORY_SETTING = {
  name: 'BACKLAB_COMPOSER_REPOSITORY',
  what: 'a Composer repository (a Packagist mirror, Satis or Private Packagist) that serves its own files',
  folder: ARTIFACTS_SETTING.name,
};

/**
 * The grading machine's Composer source: a repository reached through the registry gateway and/or
 * a folder of package zips. Packagist itself is not used by default: its packages download from
 * their code hosts, which the gateway cannot know in advance. Undefined: no source.
 */
export async function composerSource(
  env: NodeJS.ProcessEnv = process.env,
): Promise<PackageSource | undefined> {
  const folder = await packageFolder(env, ARTIFACTS_SETTING);
  return describedSource(packageIndexUrl(env, REPOSITORY_SETTING), [], folder, 'Composer repository');
}

export type ComposerInstallRequest = Pick<
  CachedInstallRequest,
  'docker' | 'runId' | 'labels' | 'stage' | 'timeoutMs'
> & {
  imageId: string;
  /** composer.json's bytes: the only file of the learner's the install reads. */
  composerJson: string;
  /** The packages composer.json requires (for messages). */
  packages: string[];
  source: PackageSource;
};

/**
 * Composer from its own folder in the cache volume, with composer.json alone: the repositories are
 * the grader's only, nothing of the learner's runs (no scripts, no plugins), and the autoloader is
 * left to the placement, which sees the learner's code. A composer.lock is set aside: its download
 * URLs name the hosts the learner's machine used, which the grader does not reach.
 */
const COMPOSER_INSTALL = `mkdir work && cp input/composer.json work/ && cd work || exit 1
export COMPOSER_HOME=/tmp/composer
composer config -g repo.packagist false || exit 1
if [ -n "\${PLAIN_HTTP:-}" ]; then composer config -g secure-http false || exit 1; fi
if [ -n "\${REPOSITORY:-}" ]; then composer config -g repositories.grader composer "$REPOSITORY" || exit 1; fi
if [ -n "\${ARTIFACTS:-}" ]; then composer config -g repositories.artifacts artifact "$ARTIFACTS" || exit 1; fi
composer update --no-dev --no-scripts --no-plugins --no-autoloader --no-interaction --no-progress --prefer-dist`;

/** Installs a PHP app's Composer packages into a cache volume keyed by composer.json, the image and the source. */
export async function installComposerPackages(req: ComposerInstallRequest): Promise<{
  volume: string;
  key: string;
  fromCache: boolean;
}> {
  const { source } = req;
  return cachedInstall({
    ...req,
    keyFacts: { image: req.imageId, composerJson: req.composerJson },
    cacheMount: COMPOSER_CACHE,
    folderMount: ARTIFACTS_MOUNT,
    command: COMPOSER_INSTALL,
    env: {
      // Composer wraps its error messages at the terminal's width: one line each for the diagnosis.
      COLUMNS: '1000',
      ...(source.index ? { REPOSITORY: source.index.href } : {}),
      ...(source.index?.protocol === 'http:' ? { PLAIN_HTTP: '1' } : {}),
      ...(source.folder ? { ARTIFACTS: ARTIFACTS_MOUNT } : {}),
    },
    inputs: await archiveFiles([{ name: 'input/composer.json', content: req.composerJson }], LEARNER),
    what: `installing ${req.packages.join(', ')} with Composer`,
    failure: (output, refused) =>
      composerFailure(
        output,
        { packages: req.packages, source, ownRepositories: namesRepositories(req.composerJson) },
        refused,
      ),
  });
}

/** Copies the installed vendor/ next to the code and writes its autoloader there, with no network. */
export const PLACE_VENDOR = `rm -rf vendor && cp -R ${COMPOSER_CACHE}/work/vendor ./vendor && COMPOSER_HOME=/tmp/composer composer dump-autoload --no-dev --no-scripts --no-plugins --no-interaction`;

/** A PHP app that needs Composer packages, on a grader with no Composer source. */
export function noComposerSourceError(packages: string[]): AppSetupError {
  return new AppSetupError(
    `composer.json requires ${packages.join(', ')}, and there is no vendor/ folder: this grader has no Composer repository to install from (${REPOSITORY_SETTING.name} or ${ARTIFACTS_SETTING.name})`,
    'Run `composer install` and include vendor/ in what you submit, or write the app without these packages.',
  );
}

/** composer.json reaches beyond the grader's repositories: its own, or packages given by URL. */
function namesRepositories(composerJson: string): boolean {
  const json = JSON.parse(composerJson) as { repositories?: unknown };
  return json.repositories !== undefined || composerJson.includes('://');
}
