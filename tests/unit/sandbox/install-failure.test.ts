import {
  diagnoseInstallFailure,
  installExcerpt,
  REGISTRY_MARKER,
} from '../../../runner/sandbox/install-failure';

/** npm 11's output when bcrypt 5 cannot download its binary and node-gyp cannot build it. */
const BCRYPT_WITHOUT_HEADERS = [
  'npm error code 1',
  'npm error path /app/node_modules/bcrypt',
  'npm error command failed',
  'npm error command sh -c node-pre-gyp install --fallback-to-build',
  'npm error node-pre-gyp info it worked if it ends with ok',
  'npm error node-pre-gyp info using node-pre-gyp@1.0.11',
  'npm error node-pre-gyp ERR! install request to https://github.com/kelektiv/node.bcrypt.js/releases/download/v5.1.1/bcrypt_lib-v5.1.1-napi-v3-linux-x64-glibc.tar.gz failed, reason: getaddrinfo ENOTFOUND github.com',
  'npm error node-pre-gyp WARN Pre-built binaries not installable for bcrypt@5.1.1 and node@20.20.2 (node-v115 ABI, glibc) (falling back to source compile with node-gyp)',
  ...Array.from({ length: 30 }, (_, i) => `npm error gyp info spawn args '${i}'`),
  'npm error gyp ERR! stack Error: getaddrinfo ENOTFOUND nodejs.org',
  'npm error gyp ERR! not ok',
  `${REGISTRY_MARKER}https://registry.example.test/`,
].join('\n');

describe('diagnoseInstallFailure', () => {
  it('names the package and the host its install script tried to reach, as a limit of the sandbox', () => {
    const failure = diagnoseInstallFailure(BCRYPT_WITHOUT_HEADERS, 'npm ci', 1);
    expect(failure.cause).toBe('sandbox');
    expect(failure.message).toMatch(
      /^the install script of bcrypt \(node-pre-gyp install --fallback-to-build\) tried to reach github\.com \(ENOTFOUND\), but the grading sandbox reaches only the npm registry:/,
    );
    // The first error lines carry the cause; the tail alone would only show gyp giving up.
    expect(failure.message).toContain('getaddrinfo ENOTFOUND github.com');
    expect(failure.message).toContain('gyp ERR! not ok');
    expect(failure.hint).toMatch(/not a mistake in your code/);
  });

  it("calls an unreachable registry the machine's problem, not the learner's", () => {
    const output = [
      'npm error code ENOTFOUND',
      'npm error syscall getaddrinfo',
      'npm error network request to https://registry.example.test/express failed, reason: getaddrinfo ENOTFOUND registry.example.test',
      `${REGISTRY_MARKER}https://registry.example.test/`,
    ].join('\n');
    const failure = diagnoseInstallFailure(output, 'npm install', 1);
    expect(failure).toMatchObject({ cause: 'infrastructure' });
    expect(failure.message).toMatch(/registry\.example\.test did not answer \(ENOTFOUND\)/);
  });

  it('tells a learner how to fix their own mistakes', () => {
    const outOfSync =
      'npm error code EUSAGE\nnpm error `npm ci` can only install packages when your package.json and package-lock.json or npm-shrinkwrap.json are in sync. Please update your lock file with `npm install` before continuing.\nnpm error Missing: ms@2.1.3 from lock file';
    expect(diagnoseInstallFailure(outOfSync, 'npm ci', 1)).toMatchObject({
      cause: 'submission',
      hint: expect.stringContaining('run `npm install` in your folder'),
    });
    const missing =
      'npm error code E404\nnpm error 404 Not Found - GET https://registry.example.test/expresss - Not found';
    expect(diagnoseInstallFailure(missing, 'npm install', 1)).toMatchObject({
      cause: 'submission',
      hint: expect.stringContaining('does not exist on the npm registry'),
    });
  });

  it('names a local dependency by its folder and the project itself as "your project"', () => {
    const output = (path: string) =>
      `npm error path ${path}\nnpm error command sh -c node fetch.js\nnpm error Error: getaddrinfo EAI_AGAIN cdn.example.invalid`;
    expect(diagnoseInstallFailure(output('/app/vendor/fetcher'), 'npm ci', 1).message).toMatch(
      /^the install script of fetcher \(node fetch\.js\) tried to reach cdn\.example\.invalid \(EAI_AGAIN\)/,
    );
    expect(diagnoseInstallFailure(output('/app/api'), 'npm ci', 1, '/app/api').message).toMatch(
      /^the install script of your project/,
    );
  });

  it('names the limit an install hit, with its value', () => {
    const limits = { memoryBytes: 1024 ** 3, pids: 512 };
    expect(diagnoseInstallFailure('Killed', 'npm ci', 137, '/app', limits)).toMatchObject({
      cause: 'sandbox',
      message: expect.stringMatching(
        /^npm ci was stopped: it ran out of memory \(exit code 137; the install's memory limit is 1024 MB\)/,
      ),
    });
    const forks = 'npm error sh: 1: Cannot fork\nnpm error path /app';
    expect(diagnoseInstallFailure(forks, 'npm ci', 2, '/app', limits).message).toMatch(
      /limit of 512 processes/,
    );
    const disk = 'npm error code ENOSPC\nnpm error syscall write';
    expect(diagnoseInstallFailure(disk, 'npm ci', 1, '/app', limits).message).toMatch(/out of disk space/);
  });
});

describe('installExcerpt', () => {
  it('keeps the first and the last error lines and says how many are left out', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `npm error line ${i}`);
    const excerpt = installExcerpt(lines).split('\n');
    expect(excerpt[0]).toBe('npm error line 0');
    expect(excerpt).toContain('… (20 more lines)');
    expect(excerpt[excerpt.length - 1]).toBe('npm error line 39');
  });
});
