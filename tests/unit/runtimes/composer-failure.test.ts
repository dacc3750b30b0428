import { chmod } from 'node:fs/promises';
import { InfraError } from '../../../runner/common/errors';
import { composerFailure } from '../../../runner/runtimes/composer-failure';
import { composerSource } from '../../../runner/runtimes/composer-install';
import { AppSetupError } from '../../../runner/sandbox/package-json';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-composer-source-');
const source = {
  index: new URL('https://packages.example.test/'),
  fileHosts: [],
  description: 'the Composer repository https://packages.example.test/',
};

describe('composerFailure', () => {
  it('blames the machine, naming the packages and the repository, when the repository cannot be reached', () => {
    const output =
      'In CurlDownloader.php line 390:\n\n  curl error 56 while downloading https://packages.example.test/packages.json: CONNECT tunnel failed, response 502\n';
    const error = composerFailure(output, {
      packages: ['slim/slim', 'monolog/monolog'],
      source,
      ownRepositories: false,
    });
    expect(error).toBeInstanceOf(InfraError);
    expect(error!.message).toBe(
      'composer.json requires slim/slim, monolog/monolog, and Composer could not reach the Composer repository https://packages.example.test/ to install them: curl error 56 while downloading https://packages.example.test/packages.json: CONNECT tunnel failed, response 502',
    );
  });

  it("blames the submission for requirements the repository cannot meet, with each of Composer's problems", () => {
    const output = [
      'Loading composer repositories with package information',
      'Your requirements could not be resolved to an installable set of packages.',
      '',
      '  Problem 1',
      '    - Root composer.json requires slim/slim ^9, found slim/slim[4.12.0] but it does not match the constraint.',
      '  Problem 2',
      '    - Root composer.json requires acme/typo, it could not be found in any version, there may be a typo in the package name.',
    ].join('\n');
    const error = composerFailure(output, {
      packages: ['slim/slim', 'acme/typo'],
      source,
      ownRepositories: false,
    });
    expect(error).toBeInstanceOf(AppSetupError);
    expect(error!.message).toBe(
      "composer.json's requirements cannot be met from the Composer repository https://packages.example.test/:\n- Root composer.json requires slim/slim ^9, found slim/slim[4.12.0] but it does not match the constraint.\n- Root composer.json requires acme/typo, it could not be found in any version, there may be a typo in the package name.",
    );
  });

  it('blames the app for composer.json reaching elsewhere than the repository', () => {
    const output =
      'curl error 56 while downloading https://code.example.test/x.zip: CONNECT tunnel failed, response 403\n';
    const error = composerFailure(output, { packages: ['x/y'], source, ownRepositories: true }, [
      'code.example.test',
    ]);
    expect(error).toBeInstanceOf(AppSetupError);
    expect(error).toMatchObject({ blame: 'sandbox' });
    expect(error!.message).toBe(
      'composer.json makes Composer download from code.example.test (refused by the sandbox), but grading installs packages only from the Composer repository https://packages.example.test/',
    );
    const grader = composerFailure(output, { packages: ['x/y'], source, ownRepositories: false }, [
      'code.example.test',
    ]);
    expect(grader).toBeInstanceOf(InfraError);
    expect(grader!.message).toMatch(
      /^the Composer repository https:\/\/packages\.example\.test\/ sends Composer to code\.example\.test/,
    );
  });

  it("passes on Composer's last lines otherwise, and leaves silence to the install stage", () => {
    const error = composerFailure('  [ErrorException]\n  zip extension missing\n', {
      packages: ['x/y'],
      source,
      ownRepositories: false,
    });
    expect(error).toBeInstanceOf(AppSetupError);
    expect(error!.message).toMatch(
      /^Composer could not install x\/y from the Composer repository .*:\n[\s\S]*zip extension missing/,
    );
    expect(composerFailure('\n', { packages: ['x/y'], source, ownRepositories: false })).toBeUndefined();
  });
});

describe("the grader's Composer source", () => {
  it('is a repository, a folder of package zips, both, or none; Packagist is not assumed', async () => {
    const folder = await folders.make();
    await chmod(folder, 0o755);
    expect(await composerSource({})).toBeUndefined();
    expect(await composerSource({ BACKLAB_COMPOSER_REPOSITORY: 'https://packages.example.test/' })).toEqual({
      index: new URL('https://packages.example.test/'),
      fileHosts: [],
      folder: undefined,
      description: 'the Composer repository https://packages.example.test/',
    });
    expect(await composerSource({ BACKLAB_COMPOSER_ARTIFACTS: folder })).toMatchObject({
      index: undefined,
      description: `the folder ${folder}`,
    });
    await expect(composerSource({ BACKLAB_COMPOSER_ARTIFACTS: 'zips' })).rejects.toThrow(
      'BACKLAB_COMPOSER_ARTIFACTS is not an absolute path: zips',
    );
  });
});
