import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm ci` refuses a lockfile that lacks a package some locked package may install, even an
 * optional one for another platform ("Missing: X from lock file"): users and their CI run `npm
 * ci`, so every optional dependency of every locked package must have its own entry.
 */
interface LockedPackage {
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockedPackage>;
};

/** Where Node's resolution would find `name` from the package at `path`: nested first, then up. */
function resolves(path: string, name: string): boolean {
  for (let at = path; ; at = at.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, '')) {
    if (lock.packages[`${at ? `${at}/` : ''}node_modules/${name}`]) return true;
    if (!at) return false;
  }
}

test('the lockfile is version 3, the one npm ci of every supported npm reads', () => {
  expect(lock.lockfileVersion).toBe(3);
});

test('every dependency of every locked package, optional ones too, is in the lockfile', () => {
  const missing: string[] = [];
  for (const [path, pkg] of Object.entries(lock.packages)) {
    const wanted = { ...pkg.dependencies, ...pkg.optionalDependencies };
    for (const name of Object.keys(wanted))
      if (!resolves(path, name)) missing.push(`${name} (for ${path || 'the project'})`);
  }
  expect(missing).toEqual([]);
});
