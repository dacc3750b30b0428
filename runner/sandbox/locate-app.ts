import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { AppSetupError } from './package-json';
import { pathExists } from '../common/path-exists';
import { detectRuntime } from '../runtimes/app-runtime';

/** What a folder with a package.json (or only a server file) looks like to the grader. */
export interface FoundApp {
  /** POSIX path relative to the submission, "." for the submission itself. */
  path: string;
  /** A package.json, or a Python or PHP project's file (requirements.txt, composer.json…). */
  hasManifest: boolean;
  startable: boolean;
  /** Why it counts, or why not: "scripts.start", "a front end (vite) with only dev, build scripts". */
  reason: string;
}

export interface AppLocation {
  /** The app folder, relative to the submission ("." for its root). */
  path: string;
  /** Said in the progress and the result when the folder was not the one asked for. */
  note?: string;
}

export interface LocateRequest {
  submissionDir: string;
  /** lab.yaml app.path ("." by default). */
  labPath: string;
  /** The learner's own choice (`--app-dir`), which overrides the lab's path. */
  chosen?: string;
  /** lab.yaml app.start: with it, any folder with a package.json can be started. */
  labStart?: string;
}

const SCAN_DEPTH = 2;
/** Entry files the start-command detection falls back to (server.js is npm start's own default). */
const SERVER_FILES = ['server', 'app', 'index', 'src/server', 'src/app', 'src/index'].flatMap((f) =>
  ['js', 'mjs', 'cjs', 'ts'].map((ext) => `${f}.${ext}`),
);
/** Front-end build tools (package → its command): their folders are not the back end to grade. */
const FRONT_END_TOOLS: Record<string, string> = {
  vite: 'vite',
  'react-scripts': 'react-scripts',
  '@angular/cli': 'ng',
  '@vue/cli-service': 'vue-cli-service',
  parcel: 'parcel',
  next: 'next',
  nuxt: 'nuxt',
  gatsby: 'gatsby',
  astro: 'astro',
  expo: 'expo',
  'webpack-dev-server': 'webpack',
};

/**
 * The folder to grade: the learner's choice; else the lab's path when its package.json can start
 * an app; else the only startable app in the submission's subfolders. Several, or none, is a
 * submission error that lists what was found and says how to choose.
 */
export async function locateApp(req: LocateRequest): Promise<AppLocation> {
  if (req.chosen !== undefined) return { path: await checkChosen(req) };
  const labPath = posix.normalize(req.labPath);
  const atLab = await describeFolder(req.submissionDir, labPath, req.labStart);
  if (atLab?.startable) return { path: labPath };
  const hasManifest = atLab?.hasManifest === true;
  const found = (await findApps(req.submissionDir, req.labStart)).filter((f) => f.path !== labPath);
  const startable = found.filter((f) => f.startable);
  // The lab's own package.json that starts nothing still wins over a guess in a subfolder, except
  // at the top, where a workspace root or a leftover `npm init` often sits beside the real app.
  if (!hasManifest || labPath === '.') {
    const where = whereText(labPath, hasManifest ? atLab : undefined);
    if (startable.length === 1) {
      const only = startable[0].path;
      return { path: only, note: `grading the app in ${only}/ (the only folder with a startable app)` };
    }
    if (startable.length > 1) throw severalApps(where, startable);
    if (!hasManifest) throw noApp(where, atLab ? [atLab, ...found] : found);
  }
  return { path: labPath };
}

/** Every folder up to two levels down with a package.json or a server file, outside node_modules. */
export async function findApps(submissionDir: string, labStart?: string): Promise<FoundApp[]> {
  const found: FoundApp[] = [];
  const visit = async (path: string, depth: number): Promise<void> => {
    const described = depth > 0 ? await describeFolder(submissionDir, path, labStart) : undefined;
    if (described) found.push(described);
    // Below the top, a folder with a package.json is one project: its subfolders are its own code.
    if (described?.hasManifest || depth === SCAN_DEPTH) return;
    for (const name of await subfolders(join(submissionDir, path))) {
      await visit(path === '.' ? name : `${path}/${name}`, depth + 1);
    }
  };
  await visit('.', 0);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** Whether the folder holds an app backlab can start, and why; undefined when it holds none. */
export async function describeFolder(
  submissionDir: string,
  path: string,
  labStart?: string,
): Promise<FoundApp | undefined> {
  const dir = join(submissionDir, path);
  const raw = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
  const serverFile = await firstExisting(dir, SERVER_FILES);
  if (raw === undefined) {
    const other = await detectRuntime(dir);
    if (other && other.id !== 'node') {
      return { path, hasManifest: true, startable: true, reason: `${other.manifest} (${other.title})` };
    }
    return serverFile
      ? { path, hasManifest: false, startable: false, reason: `${serverFile} but no package.json` }
      : undefined;
  }
  const verdict = (startable: boolean, reason: string): FoundApp => ({
    path,
    hasManifest: true,
    startable,
    reason,
  });
  const pkg = parseObject(raw);
  // readPackageJson reports the syntax error precisely once this folder is chosen.
  if (!pkg) return verdict(true, 'package.json is not a valid JSON object');
  if (labStart) return verdict(true, 'lab.yaml app.start');
  const scripts = typeof pkg.scripts === 'object' && pkg.scripts ? pkg.scripts : {};
  const tool = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).find((d) => d in FRONT_END_TOOLS);
  const runsTool = (script: string) => tool && script.split(/[\s;&|]+/).includes(FRONT_END_TOOLS[tool]);
  if (scripts.start && !runsTool(scripts.start)) return verdict(true, 'scripts.start');
  if (tool) {
    const names = Object.keys(scripts);
    return verdict(
      false,
      `a front end (${tool})${names.length ? ` with only ${names.join(', ')} scripts` : ''}`,
    );
  }
  if (scripts.dev) return verdict(true, 'scripts.dev');
  if (typeof pkg.main === 'string' && (await pathExists(join(dir, pkg.main))))
    return verdict(true, `main ${pkg.main}`);
  if (serverFile) return verdict(true, serverFile);
  return verdict(false, 'no start script, main or server file');
}

async function checkChosen(req: LocateRequest): Promise<string> {
  const given = req.chosen!;
  const path = posix.normalize(given.replace(/\\/g, '/')).replace(/\/$/, '') || '.';
  if (posix.isAbsolute(path) || path === '..' || path.startsWith('../')) {
    throw new AppSetupError(
      `--app-dir ${given}: expected a folder inside your submission, like backend`,
      'Give the app folder relative to the folder you grade.',
    );
  }
  const isFolder = await stat(join(req.submissionDir, path)).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const app = isFolder && (await detectRuntime(join(req.submissionDir, path)));
  if (app && (app.id !== 'node' || app.manifest === 'package.json')) return path;
  const found = (await findApps(req.submissionDir, req.labStart)).filter((f) => f.path !== path);
  throw new AppSetupError(
    `--app-dir ${given}: ${isFolder ? `no package.json in ${path}/` : `no folder ${path} in your submission`}${foundText(found)}`,
    found.some((f) => f.startable)
      ? `Pass the folder that holds the app's package.json, like --app-dir ${found.find((f) => f.startable)!.path}.`
      : "Pass the folder that holds the app's package.json.",
  );
}

interface PackageFields {
  scripts?: Record<string, string>;
  main?: unknown;
  dependencies?: object;
  devDependencies?: object;
}

function parseObject(raw: string): PackageFields | undefined {
  try {
    const json: unknown = JSON.parse(raw);
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

/** Why the lab's app folder is not used: "no package.json at the top of your folder". */
function whereText(labPath: string, unstartable: FoundApp | undefined): string {
  if (labPath !== '.') return `no package.json in ${labPath}/ (lab.yaml app.path)`;
  return unstartable
    ? `the package.json at the top of your folder cannot start an app (${unstartable.reason})`
    : 'no package.json at the top of your folder';
}

function severalApps(where: string, startable: FoundApp[]): AppSetupError {
  const list = startable.map(shown).join(', ');
  return new AppSetupError(
    `${where}, and ${startable.length} subfolders hold a startable app: ${list}; backlab cannot tell which one to grade`,
    `Choose one: \`backlab test --app-dir ${startable[0].path}\` (also for \`submit\` and \`grade\`), or, as the lab's author, set app.path in lab.yaml. A submission server grades the lab's app.path, so keep only one app in what you upload.`,
  );
}

function noApp(where: string, found: FoundApp[]): AppSetupError {
  return new AppSetupError(
    `${where}, and no subfolder holds a startable app${foundText(found)}`,
    'An app needs a package.json with a start script: run `npm init -y` in its folder, then add "start": "node server.js" (your entry file) to its scripts.',
  );
}

function foundText(found: FoundApp[]): string {
  if (!found.length) return '';
  return `; found ${found.map(shown).join(', ')}`;
}

function shown(found: FoundApp): string {
  return `${found.path}/ (${found.reason})`;
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

async function firstExisting(dir: string, files: string[]): Promise<string | undefined> {
  for (const file of files) if (await pathExists(join(dir, file))) return file;
  return undefined;
}
