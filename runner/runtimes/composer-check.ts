import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
 * vendor/ folder came with it (then it is used as it is). Undefined: nothing to install.
 */
export async function composerNeeds(appDir: string): Promise<ComposerNeeds | undefined> {
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
  if (!packages.length || (await pathExists(join(appDir, 'vendor', 'autoload.php')))) return undefined;
  return { packages, composerJson: raw, hasLock: await pathExists(join(appDir, 'composer.lock')) };
}
