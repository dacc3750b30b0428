import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { submissionRules } from '../docker/archive';
import { pathExists } from '../common/path-exists';
import { AppSetupError } from '../sandbox/package-json';

export interface ComposerNeeds {
  /** The packages composer.json requires, but PHP itself and its extensions (the image's). */
  packages: string[];
  composerJson: string;
  hasLock: boolean;
}

/**
 * What a PHP app needs Composer to install: the packages its composer.json requires, unless its
 * vendor/ folder comes with it into the sandbox (then it is used as it is): there, and not left
 * out by .gitignore, as most PHP projects' is. Undefined: nothing to install.
 */
export async function composerNeeds(folder: {
  sourceDir: string;
  appDir: string;
  appPath: string;
}): Promise<ComposerNeeds | undefined> {
  const { appDir } = folder;
  const raw = await readFile(join(appDir, 'composer.json'), 'utf8').catch(() => undefined);
  if (raw === undefined) return undefined;
  let json: { require?: Record<string, unknown> };
  try {
    json = JSON.parse(raw) as typeof json;
  } catch (err) {
    throw new AppSetupError(
      `composer.json is not valid JSON: ${(err as Error).message}`,
      'Fix composer.json.',
    );
  }
  const packages = Object.keys(json.require ?? {}).filter(
    (name) => name !== 'php' && !name.startsWith('ext-'),
  );
  if (!packages.length || (await vendorComesAlong(folder))) return undefined;
  return { packages, composerJson: raw, hasLock: await pathExists(join(appDir, 'composer.lock')) };
}

async function vendorComesAlong(folder: { sourceDir: string; appDir: string; appPath: string }) {
  if (!(await pathExists(join(folder.appDir, 'vendor', 'autoload.php')))) return false;
  const rules = await submissionRules(folder.sourceDir);
  return !rules.ignores(posix.join(folder.appPath, 'vendor/autoload.php'));
}
