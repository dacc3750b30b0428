import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Why an app cannot even be installed or started: a learner's mistake, reported as such. */
export class AppSetupError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface PackageInfo {
  json: {
    scripts?: Record<string, string>;
    main?: string;
    type?: string;
    dependencies?: Record<string, string>;
  };
  raw: string;
  lockfile?: 'package-lock.json' | 'npm-shrinkwrap.json';
}

/** Reads package.json, turning a JSON error into "line 4, column 3: …" the learner can find. */
export async function readPackageJson(dir: string, shownAs = 'package.json'): Promise<PackageInfo> {
  const raw = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
  if (raw === undefined) {
    throw new AppSetupError(
      `${shownAs} not found`,
      'An app needs a package.json: run `npm init -y` in its folder.',
    );
  }
  let json: PackageInfo['json'];
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new AppSetupError(
      `${shownAs} is not valid JSON: ${describeJsonError(raw, err as Error)}`,
      'Fix the JSON syntax, then grade again.',
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AppSetupError(`${shownAs} must contain a JSON object`);
  }
  const lockfile = (await exists(join(dir, 'npm-shrinkwrap.json')))
    ? 'npm-shrinkwrap.json'
    : (await exists(join(dir, 'package-lock.json')))
      ? 'package-lock.json'
      : undefined;
  return { json, raw, lockfile };
}

function describeJsonError(raw: string, err: Error): string {
  const reason = err.message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
  const position = /position (\d+)/.exec(err.message);
  if (!position) return reason;
  const before = raw.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${reason}`;
}

/** The install command: the lab's, else `npm ci` with a lockfile (reproducible), else `npm install`. */
export function installCommand(pkg: PackageInfo, labInstall?: string): string {
  if (labInstall) return labInstall;
  return pkg.lockfile ? 'npm ci' : 'npm install';
}

export interface StartCommand {
  command: string;
  /** How it was chosen, for the report ("package.json scripts.start"). */
  source: string;
  note?: string;
}

const FALLBACK_ENTRIES = ['server.js', 'app.js', 'index.js', 'src/server.js', 'src/app.js', 'src/index.js'];

/**
 * How learners' apps are started: the lab's command, else `scripts.start`, else `main`, else the
 * usual entry file names. A watcher (nodemon) would restart the app under the grader's feet, so it
 * is replaced by plain node.
 */
export async function detectStartCommand(
  dir: string,
  pkg: PackageInfo,
  labStart?: string,
): Promise<StartCommand> {
  if (labStart) return { command: labStart, source: 'lab.yaml app.start' };
  const start = pkg.json.scripts?.start;
  if (start) {
    const unwatched = start
      .replace(/\bnodemon\b/g, 'node')
      .replace(/\bnode\s+--watch(-path=\S+)?\s/g, 'node ');
    return unwatched === start
      ? { command: start, source: 'package.json scripts.start' }
      : {
          command: unwatched,
          source: 'package.json scripts.start',
          note: `ran "${unwatched}" instead of "${start}": file watchers are not used for grading`,
        };
  }
  if (pkg.json.main && (await exists(join(dir, pkg.json.main)))) {
    return { command: `node ${shellQuote(pkg.json.main)}`, source: 'package.json main' };
  }
  for (const entry of FALLBACK_ENTRIES) {
    if (await exists(join(dir, entry)))
      return { command: `node ${entry}`, source: `${entry} (no start script)` };
  }
  throw new AppSetupError(
    'cannot tell how to start your app: package.json has no scripts.start, no main, and there is no server.js, app.js or index.js',
    'Add "start": "node server.js" (your entry file) to the scripts in package.json.',
  );
}

function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
