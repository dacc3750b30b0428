import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InfraError } from '../../../runner/common/errors';
import { NODE_RUNTIME } from '../../../runner/runtimes/app-runtime';
import { composerNeeds } from '../../../runner/runtimes/composer-check';
import { noComposerSourceError } from '../../../runner/runtimes/composer-install';
import { missingPackagesError, requirementsVerdict } from '../../../runner/runtimes/requirements-verdict';
import { AppSetupError } from '../../../runner/sandbox/package-json';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-requirements-');
const python = { ...NODE_RUNTIME, id: 'python' as const, title: 'Python', manifest: 'requirements.txt' };

describe('requirementsVerdict', () => {
  it('passes with a note for each other version, and names every missing package, as declared', () => {
    const ok = requirementsVerdict('version Flask ==3.0.3 2.2.2\n', 0, python);
    expect(ok.error).toBeUndefined();
    expect(ok.notes).toEqual([
      'requirements.txt asks for Flask==3.0.3; the sandbox has 2.2.2, which your app runs with',
    ]);

    const missing = requirementsVerdict('missing Flask-JWT-Extended==4.6\nmissing stripe\n', 3, python);
    expect(missing.error).toBeUndefined();
    expect(missing.missing).toEqual(['Flask-JWT-Extended==4.6', 'stripe']);
    expect(ok.missing).toEqual([]);
  });

  it('passes on no line that pip would split in two or read as an option, and notes what it did not check', () => {
    const output =
      'missing stripe\nmissing x @ https://h.example.test/x.whl\u2028-e /app\nmissing -e /app\nunreadable y @ file:///app/y\nlocal mylib\n';
    const verdict = requirementsVerdict(output, 3, python);
    expect(verdict.missing).toEqual(['stripe']);
    expect(verdict.notes).toEqual([
      'requirements.txt: could not read the requirement "y @ file:///app/y"; it was neither checked nor installed',
      'requirements.txt: mylib is a path, VCS or file dependency, which grading does not install (only packages of an index are)',
    ]);
  });

  it('names the missing packages and the setting when the grader may use no index', () => {
    const error = missingPackagesError(python, ['Flask-JWT-Extended==4.6', 'stripe']);
    expect(error).toBeInstanceOf(AppSetupError);
    expect(error.message).toBe(
      'requirements.txt needs Flask-JWT-Extended==4.6, stripe, which the Python sandbox does not have (this grader installs nothing from a package index: PIP_NO_INDEX is set)',
    );
    expect(error.hint).toMatch(/take these out of requirements\.txt/);
  });

  it('blames the machine, not the learner, when the check itself breaks', () => {
    const broken = requirementsVerdict('Traceback (most recent call last):\nKeyError: x\n', 1, python);
    expect(broken.error).toBeInstanceOf(InfraError);
    expect(broken.error!.message).toMatch(/exit code 1[\s\S]*KeyError: x/);
  });
});

describe('composerNeeds', () => {
  const app = async (composer: object, vendor = false) => {
    const dir = await folders.make();
    await writeFile(join(dir, 'composer.json'), JSON.stringify(composer));
    if (vendor) {
      await mkdir(join(dir, 'vendor'));
      await writeFile(join(dir, 'vendor', 'autoload.php'), '<?php');
    }
    return dir;
  };
  const at = (dir: string) => ({ sourceDir: dir, appDir: dir, appPath: '.' });

  it('needs nothing for PHP and its extensions, or for packages that come with their vendor/ folder', async () => {
    await expect(
      composerNeeds(at(await app({ require: { php: '>=8.1', 'ext-pdo_mysql': '*' } }))),
    ).resolves.toBeUndefined();
    await expect(
      composerNeeds(at(await app({ require: { 'slim/slim': '^4' } }, true))),
    ).resolves.toBeUndefined();
  });

  it('needs the required packages installed when vendor/ is not there, and refuses a composer.json that does not parse', async () => {
    const dir = await app({ require: { 'slim/slim': '^4', php: '8', 'monolog/monolog': '^3' } });
    await writeFile(join(dir, 'composer.lock'), '{}');
    expect(await composerNeeds(at(dir))).toEqual({
      packages: ['slim/slim', 'monolog/monolog'],
      composerJson: await readFile(join(dir, 'composer.json'), 'utf8'),
      hasLock: true,
    });
    const broken = await folders.make();
    await writeFile(join(broken, 'composer.json'), '{ "require": ');
    await expect(composerNeeds(at(broken))).rejects.toThrow(/composer\.json is not valid JSON/);
  });

  it('installs when vendor/ is there but .gitignore keeps it out of the submission, as in most PHP projects', async () => {
    const root = await folders.make();
    const dir = join(root, 'api');
    await mkdir(join(dir, 'vendor'), { recursive: true });
    await writeFile(join(dir, 'composer.json'), JSON.stringify({ require: { 'slim/slim': '^4' } }));
    await writeFile(join(dir, 'vendor', 'autoload.php'), '<?php');
    const folder = { sourceDir: root, appDir: dir, appPath: 'api' };
    await expect(composerNeeds(folder)).resolves.toBeUndefined();
    await writeFile(join(root, '.gitignore'), '/api/vendor/\n');
    expect(await composerNeeds(folder)).toMatchObject({ packages: ['slim/slim'], hasLock: false });
  });

  it('names both settings when the grader has no Composer source', () => {
    expect(noComposerSourceError(['slim/slim']).message).toBe(
      'composer.json requires slim/slim, and there is no vendor/ folder: this grader has no Composer repository to install from (BACKLAB_COMPOSER_REPOSITORY or BACKLAB_COMPOSER_ARTIFACTS)',
    );
  });
});
