import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppSetupError,
  detectStartCommand,
  installCommand,
  readPackageJson,
} from '../../../runner/sandbox/package-json';

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'backlab-pkg-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

describe('readPackageJson', () => {
  it('points at the line and column of a JSON mistake', async () => {
    const dir = await project({ 'package.json': '{\n  "name": "x",\n  "scripts": {},\n}\n' });
    await expect(readPackageJson(dir)).rejects.toThrow(
      /^package\.json is not valid JSON: line 4, column 1: /,
    );
  });

  it('says what to do when package.json is missing, naming the subfolder', async () => {
    const dir = await project({});
    await expect(readPackageJson(dir, 'api/package.json')).rejects.toMatchObject({
      message: 'api/package.json not found',
      hint: expect.stringContaining('npm init'),
    });
  });

  it('finds the lockfile and chooses npm ci only with one', async () => {
    const locked = await readPackageJson(await project({ 'package.json': '{}', 'package-lock.json': '{}' }));
    const unlocked = await readPackageJson(await project({ 'package.json': '{}' }));
    expect([locked.lockfile, installCommand(locked), installCommand(unlocked)]).toEqual([
      'package-lock.json',
      'npm ci',
      'npm install',
    ]);
    expect(installCommand(unlocked, 'npm ci --omit=dev')).toBe('npm ci --omit=dev');
  });
});

describe('detectStartCommand', () => {
  const detect = async (files: Record<string, string>, labStart?: string) => {
    const dir = await project(files);
    return detectStartCommand(dir, await readPackageJson(dir), labStart);
  };

  it('prefers the lab, then scripts.start, then main, then the usual entry files', async () => {
    expect(
      await detect({ 'package.json': '{"scripts":{"start":"node app.js"}}' }, 'node lab.js'),
    ).toMatchObject({ command: 'node lab.js' });
    expect(await detect({ 'package.json': '{"scripts":{"start":"node app.js"}}' })).toMatchObject({
      command: 'node app.js',
      source: 'package.json scripts.start',
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

  it('runs a watcher-based start script with plain node, and says so', async () => {
    const nodemon = await detect({ 'package.json': '{"scripts":{"start":"nodemon server.js"}}' });
    expect(nodemon).toMatchObject({
      command: 'node server.js',
      note: expect.stringContaining('file watchers'),
    });
    const watch = await detect({ 'package.json': '{"scripts":{"start":"node --watch server.js"}}' });
    expect(watch.command).toBe('node server.js');
  });

  it('explains what to add when nothing says how to start', async () => {
    await expect(detect({ 'package.json': '{}' })).rejects.toMatchObject({
      hint: expect.stringContaining('"start": "node server.js"'),
    });
  });
});
