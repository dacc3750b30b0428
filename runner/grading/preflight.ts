import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lab } from '../lab';
import { locateApp } from '../sandbox/locate-app';
import { AppSetupError, readPackageJson } from '../sandbox/package-json';
import { runtimeOf } from '../runtimes/app-runtime';
import { PhaseError } from './grading-error';

export interface PreflightResult {
  /** The lab with the app folder the submission really uses. */
  lab: Lab;
  /** What the learner should know about how the submission was read, for the progress and result. */
  notes: string[];
}

/** How far below the submission's top other nginx configurations are looked for. */
const CONF_SEARCH_DEPTH = 2;
const MAX_CONF_NAMED = 5;

/**
 * What can be checked in the submission's files before any container starts: the files the lab's
 * services take from it, which folder holds the app, and that its package.json parses. A mistake
 * found here is the learner's, costs no container, and is reported with what was found instead.
 * Errors carry the phase that would have hit them (nginx: services; the app: install).
 */
export async function preflight(lab: Lab, submissionDir: string, appDir?: string): Promise<PreflightResult> {
  await checkNginxConfig(lab, submissionDir);
  const app = lab.app;
  if (!app || app.source.from === 'lab') {
    if (appDir !== undefined) {
      const what = app ? 'its own app (lab.yaml app.from: lab)' : 'no app';
      throw new PhaseError(
        'install',
        new AppSetupError(
          `--app-dir ${appDir}: lab ${lab.id} grades ${what}, so there is no app folder to choose`,
          'Leave --app-dir out for this lab.',
        ),
      );
    }
    return { lab, notes: [] };
  }
  try {
    const located = await locateApp({
      submissionDir,
      labPath: app.source.path,
      chosen: appDir,
      labStart: app.start,
    });
    const shown = located.path === '.' ? 'package.json' : `${located.path}/package.json`;
    const folder = join(submissionDir, located.path);
    const runtime = app.kind === 'tests' ? 'node' : (await runtimeOf(folder, app.runtime)).id;
    if (runtime === 'node') await readPackageJson(folder, shown);
    return {
      lab:
        located.path === app.source.path
          ? lab
          : { ...lab, app: { ...app, source: { from: 'submission', path: located.path } } },
      notes: located.note ? [located.note] : [],
    };
  } catch (err) {
    throw new PhaseError('install', err);
  }
}

/** A configuration the lab takes from the submission must be there; nginx would fail on it later. */
async function checkNginxConfig(lab: Lab, submissionDir: string): Promise<void> {
  const config = lab.services.nginx?.config;
  if (config?.from !== 'submission') return;
  const kind = await stat(join(submissionDir, config.path)).then(
    (s) => (s.isFile() ? 'file' : 'other'),
    () => 'missing',
  );
  if (kind === 'file') return;
  const others = (await confFiles(submissionDir, '.', 0)).filter((f) => f !== config.path);
  const problem =
    kind === 'other' ? `${config.path} in your folder is not a file` : `no ${config.path} in your folder`;
  const named = others.slice(0, MAX_CONF_NAMED).join(', ') + (others.length > MAX_CONF_NAMED ? ', …' : '');
  throw new PhaseError(
    'services',
    new AppSetupError(
      others.length ? `${problem}; found ${named}` : `${problem}, nor any other .conf file`,
      others.length
        ? `The lab reads nginx's configuration from ${config.path} in your folder: move or rename ${others[0]} to ${config.path}.`
        : `Write nginx's configuration in ${config.path} in your folder (\`backlab start ${lab.id}\` gives a starting point).`,
    ),
  );
}

/** *.conf files near the top of the submission (POSIX paths), outside node_modules and dot folders. */
async function confFiles(root: string, path: string, depth: number): Promise<string[]> {
  const entries = await readdir(join(root, path), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = path === '.' ? entry.name : `${path}/${entry.name}`;
    if (entry.isFile() && entry.name.endsWith('.conf')) found.push(child);
    else if (
      entry.isDirectory() &&
      depth < CONF_SEARCH_DEPTH &&
      entry.name !== 'node_modules' &&
      !entry.name.startsWith('.')
    )
      found.push(...(await confFiles(root, child, depth + 1)));
  }
  return found;
}
