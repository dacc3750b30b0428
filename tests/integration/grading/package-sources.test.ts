import { chmod, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGE } from '../../../runner/docker/images/catalog';
import { LABEL } from '../../../runner/docker/labels';
import { docker, failures, fixtures, gradeApp, gradeFolder } from './hello-lab-grades';

/**
 * What a Python or PHP app needs beyond the image's packages, installed by the real pip and the
 * real Composer from the grader's package source. No package index is reachable from here, so the
 * sources that install are folders on this machine (PIP_FIND_LINKS, BACKLAB_COMPOSER_ARTIFACTS)
 * holding packages the tests build from tests/fixtures/grading/runtimes/*-sources; an index or
 * repository is exercised up to the registry gateway, under .invalid, which resolves nowhere. A
 * reachable PyPI or Packagist mirror is not tested here.
 */
let folder: string;
let cachesBefore: Set<string>;
const sources = join(fixtures, 'runtimes');

beforeAll(async () => {
  cachesBefore = new Set((await docker.listVolumes({ [LABEL.lifetime]: 'cache' })).map((v) => v.name));
  folder = await mkdtemp(join(tmpdir(), 'backlab-packages-'));
  // Shared with the sandbox's learner account, as an operator's folder would be.
  await chmod(folder, 0o755);
  await build(IMAGE.python, join(sources, 'wheel-sources', 'greeting-helpers'), WHEEL);
  await build(IMAGE.php, join(sources, 'composer-sources', 'acme-greeting'), ZIP);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  for (const volume of await docker.listVolumes({ [LABEL.lifetime]: 'cache' })) {
    if (!cachesBefore.has(volume.name)) await docker.removeVolume(volume.name);
  }
});

async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('Python packages the image lacks, installed by pip (real Docker, real pip)', () => {
  it('installs from a folder of wheels (PIP_FIND_LINKS) only what the image lacks, then reuses it', async () => {
    await withEnv({ PIP_FIND_LINKS: folder }, async () => {
      const first = await gradeApp('python-extra-package');
      expect(failures(first.result)).toEqual([]);
      expect(first.result).toMatchObject({ status: 'pass', score: 100 });
      expect(first.lines.join('\n')).toContain(
        `greeting-helpers==1.0.0: installed with pip from the folder ${folder}`,
      );
      const second = await gradeApp('python-extra-package');
      expect(second.result).toMatchObject({ status: 'pass', score: 100 });
      expect(second.lines.join('\n')).toContain(
        `greeting-helpers==1.0.0: reused, as cached from the folder ${folder}`,
      );
    });
  });

  it("serves the installed packages to the image's own commands too (gunicorn from a Procfile)", async () => {
    const app = await mkdtemp(join(tmpdir(), 'backlab-gunicorn-'));
    try {
      await cp(join(sources, 'python-extra-package'), app, { recursive: true });
      await writeFile(join(app, 'Procfile'), 'web: gunicorn app:app --bind 0.0.0.0:$PORT\n');
      await withEnv({ PIP_FIND_LINKS: folder }, async () => {
        const { result } = await gradeFolder(app);
        expect(failures(result)).toEqual([]);
        expect(result).toMatchObject({ status: 'pass', score: 100 });
        expect((result.notes ?? []).join('\n')).toMatch(/gunicorn app:app/);
      });
    } finally {
      await rm(app, { recursive: true, force: true });
    }
  });

  it('names a package neither the image nor the folder has', async () => {
    await withEnv({ PIP_FIND_LINKS: folder }, async () => {
      const { result } = await gradeApp('python-missing-package');
      expect(result.error).toMatchObject({ phase: 'install', cause: 'submission' });
      expect(result.error?.message).toMatch(
        /^requirements\.txt needs (Flask-JWT-Extended==4\.6\.0|stripe)(, stripe)?, which neither the Python sandbox nor the folder .* has$/,
      );
    });
  });

  it('names the package index it could not reach, through the registry gateway, and what it needed from it', async () => {
    const index = 'https://pypi.example.invalid/simple/';
    await withEnv({ PIP_INDEX_URL: index, PIP_NO_INDEX: '0' }, async () => {
      const { result } = await gradeApp('python-missing-package');
      // An index that does not answer is the machine's problem, as npm's registry would be.
      expect(result.error).toMatchObject({ phase: 'install', cause: 'infrastructure' });
      expect(result.error?.message).toContain(
        `requirements.txt needs Flask-JWT-Extended==4.6.0, stripe, which the Python sandbox does not have, and pip could not reach the package index ${index} to install them: 502`,
      );
      expect(result.error?.hint).toMatch(/PIP_INDEX_URL[\s\S]*PIP_FIND_LINKS/);
    });
  });

  it('blames the app, not the machine, for a requirement that downloads from elsewhere than the index or the folder', async () => {
    // A learner could otherwise make grading fail as the machine's problem at will (and be retried).
    const app = await mkdtemp(join(tmpdir(), 'backlab-direct-url-'));
    try {
      await cp(join(sources, 'python-extra-package'), app, { recursive: true });
      await writeFile(
        join(app, 'requirements.txt'),
        'flask\ngreeting-helpers @ https://downloads.example.invalid/greeting_helpers-1.0.0-py3-none-any.whl\n',
      );
      const index = 'https://pypi.example.invalid/simple/';
      await withEnv({ PIP_INDEX_URL: index, PIP_NO_INDEX: '0' }, async () => {
        const { result } = await gradeFolder(app);
        expect(result.error).toMatchObject({ phase: 'install', cause: 'sandbox' });
        expect(result.error?.message).toBe(
          `requirements.txt makes pip download from downloads.example.invalid (refused by the sandbox), but grading installs packages only from the package index ${index}`,
        );
      });
      await withEnv({ PIP_FIND_LINKS: folder }, async () => {
        const { result } = await gradeFolder(app);
        expect(result.error).toMatchObject({ phase: 'install', cause: 'sandbox' });
        expect(result.error?.message).toMatch(
          /makes pip download from the network \(refused by the sandbox\)/,
        );
      });
    } finally {
      await rm(app, { recursive: true, force: true });
    }
  });
});

describe('Composer packages without vendor/, installed by Composer (real Docker, real Composer)', () => {
  it('installs from an artifact folder (BACKLAB_COMPOSER_ARTIFACTS), writes the autoloader for the code, and reuses it', async () => {
    await withEnv({ BACKLAB_COMPOSER_ARTIFACTS: folder }, async () => {
      const first = await gradeApp('php-composer-package');
      expect(failures(first.result)).toEqual([]);
      expect(first.result).toMatchObject({ status: 'pass', score: 100 });
      expect(first.lines.join('\n')).toContain(
        `acme/greeting: installed with Composer from the folder ${folder} (composer.lock set aside`,
      );
      const second = await gradeApp('php-composer-package');
      expect(second.result).toMatchObject({ status: 'pass', score: 100 });
      expect(second.lines.join('\n')).toContain(`acme/greeting: reused, as cached from the folder ${folder}`);
    });
  });

  it('refuses the app, naming both settings, when the grader has no Composer source', async () => {
    const { result } = await gradeApp('php-composer-package');
    expect(result.error).toMatchObject({ phase: 'install', cause: 'submission' });
    expect(result.error?.message).toMatch(/BACKLAB_COMPOSER_REPOSITORY or BACKLAB_COMPOSER_ARTIFACTS/);
  });

  it('names the repository it could not reach, through the registry gateway', async () => {
    const repository = 'https://packages.example.invalid/';
    await withEnv({ BACKLAB_COMPOSER_REPOSITORY: repository }, async () => {
      const { result } = await gradeApp('php-composer-package');
      expect(result.error).toMatchObject({ phase: 'install', cause: 'infrastructure' });
      expect(result.error?.message).toContain(
        `composer.json requires acme/greeting, and Composer could not reach the Composer repository ${repository} to install it: curl error`,
      );
    });
  });
});

/** pip's wheel of a source tree, offline. */
const WHEEL = 'python3 -m pip wheel --quiet --no-deps --no-build-isolation --no-index -w /out /tmp/src';
/** A Composer package's zip, its composer.json at the root, as an artifact repository holds them. */
const ZIP = `php -r '$z = new ZipArchive(); $z->open("/out/acme-greeting-1.2.0.zip", ZipArchive::CREATE);
$it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator("/tmp/src", FilesystemIterator::SKIP_DOTS));
foreach ($it as $f) { $z->addFile($f->getPathname(), substr($f->getPathname(), 9)); } $z->close();'`;

/** Builds a package of a source tree in the runtime's own image, offline, into the folder. */
async function build(image: string, source: string, command: string): Promise<void> {
  const id = await docker.createContainer({
    name: `backlab-test-package-${process.pid}`,
    image,
    labels: { [LABEL.managed]: '1' },
    user: '0:0',
    network: { name: 'none', aliases: [] },
    cmd: ['sh', '-c', `cp -r /src /tmp/src && ${command}`],
    mounts: [
      { type: 'bind', source, target: '/src', readOnly: true },
      { type: 'bind', source: folder, target: '/out' },
    ],
  });
  try {
    await docker.startContainer(id);
    const code = await docker.waitContainer(id);
    if (code !== 0) throw new Error(`building the package failed (${code}):\n${await docker.logs(id, 50)}`);
  } finally {
    await docker.removeContainer(id);
  }
}
