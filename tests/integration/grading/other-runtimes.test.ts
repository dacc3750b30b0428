import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grade } from '../../../runner/grading/grade';
import type { GradeResult } from '../../../runner/grading/result';
import type { Lab } from '../../../runner/lab';
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

  it('refuses, before the app starts, packages the sandbox does not have, naming each', async () => {
    const { result } = await gradeApp('python-missing-package');
    expect(result.error).toMatchObject({ phase: 'install', cause: 'submission' });
    expect(result.error?.message).toBe(
      'requirements.txt needs Flask-JWT-Extended==4.6.0, stripe, which the Python sandbox does not have (it installs nothing from a package index)',
    );
  });

  it('explains an import of a library it does not have, with the traceback', async () => {
    const { result } = await gradeApp('python-undeclared-import');
    expect(result.error).toMatchObject({ phase: 'appStart', cause: 'submission' });
    expect(result.error?.message).toMatch(/ModuleNotFoundError: No module named 'stripe'/);
    expect(result.error?.hint).toMatch(/imports `stripe`, which the Python sandbox does not have/);
  });
});
