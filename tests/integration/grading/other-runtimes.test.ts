import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grade } from '../../../runner/grading/grade';
import type { GradeResult } from '../../../runner/grading/result';
import type { Lab } from '../../../runner/lab';
import { IMAGE } from '../../../runner/docker/images/catalog';
import { LABEL } from '../../../runner/docker/labels';
import { realDocker } from '../../support/docker';
import { loadFixtureLab } from '../../support/labs';
import { recordingProgress } from '../../support/progress';

/**
 * Python and PHP apps graded on the real engine against the tiny lab whose second stage looks at
 * the sandbox from inside the app: the same limits hold as for Node.js apps (no root, no
 * capabilities, read-only code, capped processes), and what the sandbox lacks is named.
 * The login-system lab's Python and PHP known answers grade the full suites (repo-labs.test.ts).
 */
const docker = realDocker();
const fixtures = join(__dirname, '..', '..', 'fixtures', 'grading');
let lab: Lab;

beforeAll(async () => {
  lab = await loadFixtureLab(join(fixtures, 'hello-lab'));
});

async function gradeApp(name: string): Promise<{ result: GradeResult; lines: string[] }> {
  const runDir = await mkdtemp(join(tmpdir(), 'backlab-runtimes-'));
  const progress = recordingProgress();
  try {
    const result = await grade(
      { docker, progress },
      {
        lab,
        submissionDir: join(fixtures, 'runtimes', name),
        hidden: false,
        workspace: `test-${name}`,
        runDir,
      },
    );
    expect(await docker.listContainers({ [LABEL.run]: result.runId })).toEqual([]);
    return { result, lines: progress.lines };
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

const failures = (result: GradeResult) =>
  result.stages.flatMap((s) =>
    s.tests.filter((t) => t.status !== 'pass').map((t) => `${t.name}: ${t.message}`),
  );

describe('Python and PHP apps (real Docker)', () => {
  const passes = (result: GradeResult, command: RegExp) => {
    expect(failures(result)).toEqual([]);
    expect(result).toMatchObject({ status: 'pass', score: 100 });
    expect((result.notes ?? []).join('\n')).toMatch(command);
  };

  it('passes a Flask app pinned to newer libraries, inside the same sandbox as a Node.js app, and says what it runs on', async () => {
    const { result, lines } = await gradeApp('python-flask');
    passes(result, /python3 -m flask --app app run --host 0\.0\.0\.0/);
    expect(lines.join('\n')).toMatch(
      /requirements\.txt asks for Flask==3\.0\.3; the sandbox has 2\.\d+\.\d+, which your app runs with/,
    );
  });

  it('passes a PHP front controller in public/, inside the same sandbox as a Node.js app', async () => {
    const { result } = await gradeApp('php-front-controller');
    passes(result, /php -S 0\.0\.0\.0:"\$PORT" -t public/);
  });

  it('refuses, before the app starts, packages the sandbox does not have when pip may use no index, naming each', async () => {
    const { result } = await gradeApp('python-missing-package');
    expect(result.error).toMatchObject({ phase: 'install', cause: 'submission' });
    expect(result.error?.message).toBe(
      'requirements.txt needs Flask-JWT-Extended==4.6.0, stripe, which the Python sandbox does not have (this grader installs nothing from a package index: PIP_NO_INDEX is set)',
    );
  });

  it('explains an import of a library it does not have, with the traceback', async () => {
    const { result } = await gradeApp('python-undeclared-import');
    expect(result.error).toMatchObject({ phase: 'appStart', cause: 'submission' });
    expect(result.error?.message).toMatch(/ModuleNotFoundError: No module named 'stripe'/);
    expect(result.error?.hint).toMatch(/imports `stripe`, which the Python sandbox does not have/);
  });
});

describe('Python packages the image lacks, installed by pip (real Docker, real pip)', () => {
  let wheels: string;
  let cachesBefore: Set<string>;

  beforeAll(async () => {
    cachesBefore = new Set((await docker.listVolumes({ [LABEL.lifetime]: 'cache' })).map((v) => v.name));
    wheels = await mkdtemp(join(tmpdir(), 'backlab-wheels-'));
    // A folder of wheels is shared with the sandbox's learner account, as an operator's would be.
    await chmod(wheels, 0o755);
    await buildWheel(join(fixtures, 'runtimes', 'wheel-sources', 'greeting-helpers'), wheels);
  });

  afterAll(async () => {
    await rm(wheels, { recursive: true, force: true });
    for (const volume of await docker.listVolumes({ [LABEL.lifetime]: 'cache' })) {
      if (!cachesBefore.has(volume.name)) await docker.removeVolume(volume.name);
    }
  });

  const withEnv = async <T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> => {
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
  };

  it('installs from a folder of wheels (PIP_FIND_LINKS) only what the image lacks, then reuses it', async () => {
    await withEnv({ PIP_FIND_LINKS: wheels }, async () => {
      const first = await gradeApp('python-extra-package');
      expect(failures(first.result)).toEqual([]);
      expect(first.result).toMatchObject({ status: 'pass', score: 100 });
      expect(first.lines.join('\n')).toContain(
        `greeting-helpers==1.0.0: installed with pip from the folder ${wheels}`,
      );
      const second = await gradeApp('python-extra-package');
      expect(second.result).toMatchObject({ status: 'pass', score: 100 });
      expect(second.lines.join('\n')).toContain(
        `greeting-helpers==1.0.0: reused, as cached from the folder ${wheels}`,
      );
    });
  });

  it('names a package neither the image nor the folder has', async () => {
    await withEnv({ PIP_FIND_LINKS: wheels }, async () => {
      const { result } = await gradeApp('python-missing-package');
      expect(result.error).toMatchObject({ phase: 'install', cause: 'submission' });
      expect(result.error?.message).toMatch(
        /^requirements\.txt needs (Flask-JWT-Extended==4\.6\.0|stripe)(, stripe)?, which neither the Python sandbox nor the folder .* has$/,
      );
    });
  });

  it('names the package index it could not reach, through the registry gateway, and what it needed from it', async () => {
    // .invalid never resolves (RFC 6761): the gateway's lookup fails and no traffic leaves.
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
});

/** Builds the wheel of a source tree with the Python image's own pip, offline, into `out`. */
async function buildWheel(source: string, out: string): Promise<void> {
  const id = await docker.createContainer({
    name: `backlab-test-wheel-${process.pid}`,
    image: IMAGE.python,
    labels: { [LABEL.managed]: '1' },
    user: '0:0',
    network: { name: 'none', aliases: [] },
    cmd: [
      'sh',
      '-c',
      'cp -r /src /tmp/src && python3 -m pip wheel --quiet --no-deps --no-build-isolation --no-index -w /out /tmp/src',
    ],
    mounts: [
      { type: 'bind', source, target: '/src', readOnly: true },
      { type: 'bind', source: out, target: '/out' },
    ],
  });
  try {
    await docker.startContainer(id);
    const code = await docker.waitContainer(id);
    if (code !== 0) throw new Error(`building the wheel failed (${code}):\n${await docker.logs(id, 50)}`);
  } finally {
    await docker.removeContainer(id);
  }
}
