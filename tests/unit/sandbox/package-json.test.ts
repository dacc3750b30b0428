import { installCommand, readPackageJson } from '../../../runner/sandbox/package-json';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-pkg-');

const project = (files: Record<string, string>) => folders.withFiles(files);

describe('readPackageJson', () => {
  it('points at the line and column of a JSON mistake', async () => {
    const dir = await project({ 'package.json': '{\n  "name": "x"\n  "scripts": {}\n}\n' });
    await expect(readPackageJson(dir)).rejects.toThrow(
      /^package\.json is not valid JSON: line 3, column 3: /,
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
