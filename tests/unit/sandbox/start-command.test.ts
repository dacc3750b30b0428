import { AppSetupError, readPackageJson } from '../../../runner/sandbox/package-json';
import { detectStartCommand } from '../../../runner/sandbox/start-command';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-start-');

const project = (files: Record<string, string>) => folders.withFiles(files);

const detect = async (files: Record<string, string>, labStart?: string) => {
  const dir = await project(files);
  return detectStartCommand(dir, await readPackageJson(dir), labStart);
};
const withScripts = (scripts: Record<string, string>, extra: object = {}) =>
  JSON.stringify({ scripts, ...extra });

describe('detectStartCommand', () => {
  it("prefers the lab, then scripts.start, then npm start's server.js, then dev, then main, then entry files", async () => {
    expect(
      await detect({ 'package.json': withScripts({ start: 'node app.js' }) }, 'node lab.js'),
    ).toMatchObject({
      command: 'node lab.js',
    });
    expect(await detect({ 'package.json': withScripts({ start: 'node app.js' }) })).toMatchObject({
      command: 'node app.js',
      source: 'package.json scripts.start',
    });
    expect(await detect({ 'package.json': '{}', 'server.js': '', 'index.js': '' })).toMatchObject({
      command: 'node server.js',
    });
    expect(
      await detect({ 'package.json': withScripts({ dev: 'node src/main.js' }), 'index.js': '' }),
    ).toMatchObject({
      command: 'node src/main.js',
      source: 'package.json scripts.dev (no start script)',
    });
    expect(
      await detect({ 'package.json': '{"main":"src/main.js"}', src: '' }).catch((e) => e),
    ).toBeInstanceOf(AppSetupError);
    expect(await detect({ 'package.json': '{"main":"main.js"}', 'main.js': '' })).toMatchObject({
      command: 'node main.js',
    });
    expect(await detect({ 'package.json': '{}', 'app.js': '' })).toMatchObject({
      command: 'node app.js',
      source: 'app.js (no start script)',
    });
  });

  it.each([
    ['nodemon server.js', {}, 'node server.js'],
    ['nodemon --exec babel-node src/app.js', {}, 'babel-node src/app.js'],
    [
      "nodemon --exec 'babel-node --presets @babel/preset-env' src/app.js",
      {},
      'babel-node --presets @babel/preset-env src/app.js',
    ],
    ['nodemon -w src -e js,json --delay 2 src/index.js --verbose-app', {}, 'node src/index.js --verbose-app'],
    ['nodemon -r dotenv/config --inspect src/index.js', {}, 'node -r dotenv/config --inspect src/index.js'],
    ['nodemon src/index.ts', {}, 'ts-node src/index.ts'],
    ['nodemon', { main: 'lib/app.js' }, 'node lib/app.js'],
    ['nodemon', {}, 'node index.js'],
    ['NODE_ENV=development nodemon server.js', {}, 'NODE_ENV=development node server.js'],
    ['cross-env NODE_ENV=dev nodemon server.js', {}, 'cross-env NODE_ENV=dev node server.js'],
    ['node --watch server.js', {}, 'node server.js'],
    ['node --watch-path=./src --watch src/server.js', {}, 'node src/server.js'],
    ['tsx watch src/server.ts', {}, 'tsx src/server.ts'],
    ['tsx watch --clear-screen=false src/server.ts', {}, 'tsx src/server.ts'],
    ['ts-node-dev --respawn --transpile-only src/index.ts', {}, 'ts-node-dev --transpile-only src/index.ts'],
  ])('runs "%s" without its file watcher', async (start, extra, expected) => {
    const result = await detect({ 'package.json': withScripts({ start }, extra) });
    expect(result.command).toBe(expected);
    expect(result.note).toContain('file watchers are not used');
  });

  it("reads nodemon's exec from nodemon.json, and from package.json nodemonConfig", async () => {
    const fromFile = await detect({
      'package.json': withScripts({ start: 'nodemon' }),
      'nodemon.json': '{"watch":["src"],"exec":"ts-node ./src/server.ts"}',
    });
    expect(fromFile.command).toBe('ts-node ./src/server.ts');
    const fromPackage = await detect({
      'package.json': withScripts({ start: 'nodemon src/app.js' }, { nodemonConfig: { exec: 'babel-node' } }),
    });
    expect(fromPackage.command).toBe('babel-node src/app.js');
    const withEnv = await detect({
      'package.json': withScripts({ start: 'nodemon app.js' }),
      'nodemon.json': '{"env":{"NODE_ENV":"development"}}',
    });
    expect(withEnv.command).toBe('NODE_ENV=${NODE_ENV:-development} node app.js');
  });

  it('leaves commands without a watcher exactly as written', async () => {
    for (const start of [
      'node .',
      'ts-node src/index.ts',
      'babel-node src/app.js',
      'node --env-file=.env server.js',
    ]) {
      const result = await detect({ 'package.json': withScripts({ start }) });
      expect(result).toEqual({ command: start, source: 'package.json scripts.start' });
    }
  });

  it('follows `npm run dev` to the script it names, so the watcher there is found', async () => {
    const result = await detect({
      'package.json': withScripts({ start: 'npm run dev', dev: 'nodemon src/server.js' }),
    });
    expect(result.command).toBe('node src/server.js');
  });

  it("moves a leading build, and npm's prestart, to the install stage where the code is writable", async () => {
    const chained = await detect({
      'package.json': withScripts({ build: 'tsc', start: 'npm run build && node dist/index.js' }),
    });
    expect(chained).toMatchObject({ command: 'node dist/index.js', buildCommand: 'npm run build' });
    const tsc = await detect({ 'package.json': withScripts({ start: 'tsc && node dist/index.js' }) });
    expect(tsc).toMatchObject({ command: 'node dist/index.js', buildCommand: 'tsc' });
    const prestart = await detect({
      'package.json': withScripts({ prestart: 'tsc', start: 'node dist/index.js' }),
    });
    expect(prestart).toMatchObject({ command: 'node dist/index.js', buildCommand: 'npm run prestart' });
  });

  it('builds first when the start command runs a file that only the build makes', async () => {
    const missing = await detect({
      'package.json': withScripts({ build: 'tsc', start: 'node dist/server.js' }),
    });
    expect(missing.buildCommand).toBe('npm run build');
    const present = await detect({
      'package.json': withScripts({ build: 'tsc', start: 'node dist/server.js' }),
      'dist/server.js': '',
    });
    expect(present.buildCommand).toBeUndefined();
  });

  it('leaves a migration before the start in the app container, where the database is', async () => {
    const result = await detect({
      'package.json': withScripts({ start: 'knex migrate:latest && node server.js' }),
    });
    expect(result).toEqual({
      command: 'knex migrate:latest && node server.js',
      source: 'package.json scripts.start',
    });
  });

  it('runs a TypeScript entry with the runner in devDependencies when nothing else says how', async () => {
    const result = await detect({ 'package.json': '{"devDependencies":{"tsx":"^4"}}', 'src/index.ts': '' });
    expect(result).toMatchObject({ command: 'tsx src/index.ts' });
  });

  it('explains what to add when nothing says how to start', async () => {
    await expect(detect({ 'package.json': '{}' })).rejects.toMatchObject({
      hint: expect.stringContaining('"start": "node server.js"'),
    });
  });
});
