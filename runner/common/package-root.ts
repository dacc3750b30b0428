import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder of backlab's own package.json, found by walking up from this file so it is the same
 * from the TypeScript sources and from dist/.
 */
export function packageRoot(start: string = __dirname): string {
  for (let dir = start; dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'backlab') return dir;
  }
  throw new Error(`backlab's package.json was not found above ${start}`);
}

/** backlab's version, from its package.json. */
export function packageVersion(): string {
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version;
}
