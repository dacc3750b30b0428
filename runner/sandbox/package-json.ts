import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathExists } from '../common/path-exists';

/**
 * Why an app cannot even be installed or started: usually a learner's mistake, reported as such;
 * `blame` says when it is a limit of the grading sandbox (a script that downloads from elsewhere).
 */
export class AppSetupError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly blame: 'submission' | 'sandbox' = 'submission',
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
    devDependencies?: Record<string, string>;
    /** nodemon's settings when there is no nodemon.json. */
    nodemonConfig?: import('./unwatch').NodemonConfig;
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
    const comma = trailingComma(raw, jsonErrorPosition(err as Error));
    if (comma) {
      throw new AppSetupError(
        `${shownAs} is not valid JSON: ${lineAndColumn(raw, comma.index)}: trailing comma after the last ${comma.after}`,
        'JSON allows no comma after the last entry: remove that comma, then grade again.',
      );
    }
    throw new AppSetupError(
      `${shownAs} is not valid JSON: ${describeJsonError(raw, err as Error)}`,
      'Fix the JSON syntax, then grade again.',
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AppSetupError(`${shownAs} must contain a JSON object`);
  }
  const lockfile = (await pathExists(join(dir, 'npm-shrinkwrap.json')))
    ? 'npm-shrinkwrap.json'
    : (await pathExists(join(dir, 'package-lock.json')))
      ? 'package-lock.json'
      : undefined;
  return { json, raw, lockfile };
}

function describeJsonError(raw: string, err: Error): string {
  const reason = err.message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
  const position = jsonErrorPosition(err);
  return position === undefined ? reason : `${lineAndColumn(raw, position)}: ${reason}`;
}

/** Where JSON.parse stopped; some of V8's messages ("Unexpected token ']', …") do not say. */
function jsonErrorPosition(err: Error): number | undefined {
  const position = / at position (\d+)/.exec(err.message);
  return position ? Number(position[1]) : undefined;
}

function lineAndColumn(raw: string, index: number): string {
  const before = raw.slice(0, index);
  return `line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
}

/**
 * The first comma followed by nothing but a closing bracket, outside strings. JSON.parse reports
 * the bracket (often on the next line), while the mistake learners must find is the comma. It
 * counts only when it comes no later than where JSON.parse stopped: otherwise that is the error.
 */
function trailingComma(
  raw: string,
  stoppedAt: number | undefined,
): { index: number; after: 'property' | 'item' } | undefined {
  let inString = false;
  let comma: number | undefined;
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (/\s/.test(char)) continue;
    if (comma !== undefined && (char === '}' || char === ']')) {
      if (stoppedAt !== undefined && i > stoppedAt) return undefined;
      return { index: comma, after: char === '}' ? 'property' : 'item' };
    }
    comma = char === ',' ? i : undefined;
    if (char === '"') inString = true;
  }
  return undefined;
}

/** The install command: the lab's, else `npm ci` with a lockfile (reproducible), else `npm install`. */
export function installCommand(pkg: PackageInfo, labInstall?: string): string {
  if (labInstall) return labInstall;
  return pkg.lockfile ? 'npm ci' : 'npm install';
}
