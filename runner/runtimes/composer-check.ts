import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathExists } from '../common/path-exists';
import { AppSetupError } from '../sandbox/package-json';

/**
 * A PHP app's Composer packages must come with it: the sandbox runs no `composer install` (it
 * reaches no package index), so a composer.json that requires packages needs its vendor/ folder
 * committed. PHP itself and its extensions (`php`, `ext-*`) are the image's.
 */
export async function checkComposerPackages(appDir: string): Promise<void> {
  const raw = await readFile(join(appDir, 'composer.json'), 'utf8').catch(() => undefined);
  if (raw === undefined) return;
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
  if (!packages.length || (await pathExists(join(appDir, 'vendor', 'autoload.php')))) return;
  throw new AppSetupError(
    `composer.json requires ${packages.join(', ')}, and there is no vendor/ folder: the sandbox cannot run \`composer install\` (it reaches no package index)`,
    'Run `composer install` and include vendor/ in what you submit, or write the app without these packages.',
  );
}
