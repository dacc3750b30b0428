import type { GradeResult } from '../../../runner/grading/result';
import { failures, gradeApp } from './hello-lab-grades';

/**
 * Python and PHP apps graded on the real engine against the tiny lab whose second stage looks at
 * the sandbox from inside the app: the same limits hold as for Node.js apps (no root, no
 * capabilities, read-only code, capped processes), and what the sandbox lacks is named.
 * The login-system lab's Python and PHP known answers grade the full suites (repo-labs.test.ts);
 * packages installed by pip and Composer are in package-sources.test.ts.
 */
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
