import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { findApps, locateApp, type LocateRequest } from '../../../runner/sandbox/locate-app';
import { AppSetupError } from '../../../runner/sandbox/package-json';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-locate-');

/** A submission folder made of `path → content`; folders appear as their files need them. */
async function submission(files: Record<string, string>): Promise<string> {
  const dir = await folders.make();
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

const EXPRESS = JSON.stringify({ scripts: { start: 'node server.js' }, dependencies: { express: '^5' } });
const VITE = JSON.stringify({
  scripts: { dev: 'vite', build: 'vite build' },
  devDependencies: { vite: '^7' },
});
const CRA = JSON.stringify({
  scripts: { start: 'react-scripts start', build: 'react-scripts build' },
  dependencies: { 'react-scripts': '5' },
});

async function locate(files: Record<string, string>, more: Partial<LocateRequest> = {}) {
  return locateApp({ submissionDir: await submission(files), labPath: '.', ...more });
}

async function locateError(files: Record<string, string>, more: Partial<LocateRequest> = {}) {
  const err = await locate(files, more).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppSetupError)) throw new Error(`expected an AppSetupError, got ${String(err)}`);
  return err;
}

describe('locateApp', () => {
  it('grades the top folder when its package.json can start the app, without a note', async () => {
    expect(await locate({ 'package.json': EXPRESS, 'server.js': '', 'admin/package.json': EXPRESS })).toEqual(
      { path: '.' },
    );
  });

  it('finds the only startable app beside front ends (vite, react-scripts) and says so', async () => {
    const found = await locate({
      'backend/package.json': EXPRESS,
      'backend/server.js': '',
      'frontend/package.json': VITE,
      'admin/package.json': CRA,
      'admin/src/index.js': '',
      'backend/node_modules/x/package.json': EXPRESS,
    });
    expect(found).toEqual({
      path: 'backend',
      note: 'grading the app in backend/ (the only folder with a startable app)',
    });
  });

  it('looks two levels down, past a folder without package.json, but not into node_modules or dot folders', async () => {
    expect(
      await locate({
        'project/api/package.json': '{}',
        'project/api/src/index.ts': '',
        'node_modules/pkg/package.json': EXPRESS,
        '.cache/app/package.json': EXPRESS,
      }),
    ).toMatchObject({ path: 'project/api' });
  });

  it('prefers the only startable subfolder over a top package.json that starts nothing', async () => {
    const found = await locate({
      'package.json': JSON.stringify({ workspaces: ['server', 'client'] }),
      'server/package.json': JSON.stringify({ main: 'main.js' }),
      'server/main.js': '',
      'client/package.json': VITE,
    });
    expect(found.path).toBe('server');
  });

  it('refuses to guess between two startable apps, listing both and how to choose', async () => {
    const err = await locateError({
      'backend/package.json': EXPRESS,
      'admin/package.json': JSON.stringify({ scripts: { dev: 'nodemon index.js' } }),
      'frontend/package.json': VITE,
    });
    expect(err.message).toBe(
      'no package.json at the top of your folder, and 2 subfolders hold a startable app: admin/ (scripts.dev), backend/ (scripts.start); backlab cannot tell which one to grade',
    );
    expect(err.hint).toMatch(/--app-dir admin/);
    expect(err.hint).toMatch(/app\.path in lab\.yaml/);
  });

  it('says what it found when no folder holds a startable app', async () => {
    const err = await locateError({ 'frontend/package.json': VITE, 'api/server.js': '' });
    expect(err.message).toBe(
      'no package.json at the top of your folder, and no subfolder holds a startable app; found api/ (server.js but no package.json), frontend/ (a front end (vite) with only dev, build scripts)',
    );
    expect(err.hint).toMatch(/npm init -y/);
    expect((await locateError({ 'README.md': '' })).message).toBe(
      'no package.json at the top of your folder, and no subfolder holds a startable app',
    );
  });

  it("keeps the lab's app.path when it has a package.json, and names it when it is missing", async () => {
    expect(
      await locate({ 'api/package.json': '{}', 'web/package.json': EXPRESS }, { labPath: 'api' }),
    ).toEqual({
      path: 'api',
    });
    expect(await locate({ 'backend/package.json': EXPRESS }, { labPath: 'api' })).toMatchObject({
      path: 'backend',
    });
    expect((await locateError({}, { labPath: 'api' })).message).toMatch(
      /^no package\.json in api\/ \(lab\.yaml app\.path\)/,
    );
  });

  it('counts any package.json as startable when lab.yaml says how to start the app', async () => {
    expect(await locate({ 'svc/package.json': '{}' }, { labStart: 'node src/main.js' })).toMatchObject({
      path: 'svc',
    });
  });

  it('takes a folder chosen with --app-dir, normalised, and rejects one outside or without package.json', async () => {
    const files = { 'backend/package.json': EXPRESS, 'admin/package.json': EXPRESS, 'docs/a.md': '' };
    expect(await locate(files, { chosen: './backend/' })).toEqual({ path: 'backend' });
    expect((await locateError(files, { chosen: '../elsewhere' })).message).toMatch(
      /^--app-dir \.\.\/elsewhere: expected a folder inside your submission/,
    );
    const missing = await locateError(files, { chosen: 'docs' });
    expect(missing.message).toBe(
      '--app-dir docs: no package.json in docs/; found admin/ (scripts.start), backend/ (scripts.start)',
    );
    expect(missing.hint).toMatch(/--app-dir admin/);
    expect((await locateError(files, { chosen: 'api' })).message).toMatch(
      /^--app-dir api: no folder api in your submission/,
    );
  });

  it('treats a package.json that is not JSON as an app, so its syntax error is the one reported', async () => {
    expect(await locate({ 'backend/package.json': '{"scripts": {},}' })).toMatchObject({ path: 'backend' });
  });
});

describe('findApps', () => {
  it('lists every folder with a package.json or a server file, sorted, with why it counts', async () => {
    const dir = await submission({
      'b/package.json': JSON.stringify({ main: 'missing.js' }),
      'a/app.mjs': '',
      'c/package.json': CRA,
    });
    expect(await findApps(dir)).toEqual([
      { path: 'a', hasManifest: false, startable: false, reason: 'app.mjs but no package.json' },
      { path: 'b', hasManifest: true, startable: false, reason: 'no start script, main or server file' },
      {
        path: 'c',
        hasManifest: true,
        startable: false,
        reason: 'a front end (react-scripts) with only start, build scripts',
      },
    ]);
  });
});
