import { readdirSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { closestMatch } from '../lab/closest-match';

/** What the app's package.json declares, and where its folder is on the host and in the sandbox. */
export interface AppPackage {
  /** Names in dependencies and devDependencies. */
  declared: string[];
  /** The app's folder on the host (package.json's folder). */
  hostDir: string;
  /** The same folder inside the sandbox ("/app" or "/app/backend"). */
  sandboxDir: string;
}

const CJS = /Error: Cannot find module '([^']+)'/;
const ESM = /\[ERR_MODULE_NOT_FOUND\]: Cannot find (?:package|module) '([^']+)' imported from (\S+)/;

/**
 * For a crash with MODULE_NOT_FOUND: which module, which file wanted it, and why it is missing —
 * not declared in package.json (with a look-alike that is, such as bcryptjs for bcrypt), or a
 * file path whose case differs (the sandbox's file system is case-sensitive, macOS and Windows
 * are not).
 */
export function missingModuleHint(log: string, app: AppPackage): string | undefined {
  const esm = ESM.exec(log);
  const cjs = esm ? undefined : CJS.exec(log);
  if (!esm && !cjs) return undefined;
  const wanted = (esm ?? cjs)![1];
  const requirer = esm ? esm[2] : /Require stack:\n- (\S+)/.exec(log)?.[1];
  const shownRequirer = requirer ? ` (required by ${shown(requirer, app)})` : '';
  if (wanted.startsWith('.') || wanted.startsWith('/')) {
    return `the file ${wanted}${shownRequirer} does not exist${caseHint(wanted, requirer, app)}.`;
  }
  const name = packageName(wanted);
  if (app.declared.includes(name)) {
    return `${name}${shownRequirer} is in package.json but was not installed: check that package-lock.json lists it (run \`npm install\` and submit the updated lockfile).`;
  }
  const lookAlike =
    closestMatch(name, app.declared) ?? app.declared.find((d) => d.startsWith(name) || name.startsWith(d));
  const also = lookAlike ? `; it declares ${lookAlike}: did you mean that one?` : '.';
  return `${name}${shownRequirer} is not in package.json's dependencies${also} Run \`npm install ${name}\` to add it, or fix the name in the code.`;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** A sandbox path as the learner knows it: relative to their app's folder. */
function shown(path: string, app: AppPackage): string {
  const clean = path.replace(/^file:\/\//, '');
  return clean.startsWith(app.sandboxDir) ? posix.relative(app.sandboxDir, clean) || '.' : clean;
}

/** ", but src/Config/db.js does (names are case-sensitive here)" when only the case differs. */
function caseHint(wanted: string, requirer: string | undefined, app: AppPackage): string {
  if (!requirer) return '';
  const fromDir = dirname(shown(requirer, app));
  const target = posix.normalize(posix.join(fromDir, wanted));
  const actual = findIgnoringCase(app.hostDir, target);
  return actual && actual !== target
    ? `, but ${actual} does: file names are case-sensitive in the sandbox (and on Linux servers)`
    : '';
}

function findIgnoringCase(root: string, target: string): string | undefined {
  let dir = root;
  const found: string[] = [];
  for (const part of target.split('/').filter((p) => p && p !== '.')) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return undefined;
    }
    const match =
      names.find((n) => n === part) ??
      names.find((n) => n.toLowerCase() === part.toLowerCase()) ??
      names.find((n) => n.toLowerCase().replace(/\.(c|m)?(j|t)s$/, '') === part.toLowerCase());
    if (!match) return undefined;
    found.push(match);
    dir = join(dir, match);
  }
  return relative(root, dir).split('\\').join('/') || undefined;
}
