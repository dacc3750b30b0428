import { diagnoseInstallFailure, installExcerpt } from '../../../runner/sandbox/install-failure';

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
].join('\n');
const registry = { registryHost: 'registry.example.test' };

describe('diagnoseInstallFailure', () => {
  it('names the package and the host its install script tried to reach, as a limit of the sandbox', () => {
    const failure = diagnoseInstallFailure(BCRYPT_WITHOUT_HEADERS, 'npm ci', 1, registry);
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
    ].join('\n');
    const failure = diagnoseInstallFailure(output, 'npm install', 1, registry);
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
    expect(
      diagnoseInstallFailure(output('/app/api'), 'npm ci', 1, { projectDir: '/app/api' }).message,
    ).toMatch(/^the install script of your project/);
  });

  it('names the limit an install hit, with its value', () => {
    const limits = { memoryBytes: 1024 ** 3, pids: 512 };
    expect(diagnoseInstallFailure('Killed', 'npm ci', 137, { limits })).toMatchObject({
      cause: 'sandbox',
      message: expect.stringMatching(
        /^npm ci was stopped: it ran out of memory \(exit code 137; the install's memory limit is 1024 MB\)/,
      ),
    });
    const forks = 'npm error sh: 1: Cannot fork\nnpm error path /app';
    expect(diagnoseInstallFailure(forks, 'npm ci', 2, { limits }).message).toMatch(/limit of 512 processes/);
    const disk = 'npm error code ENOSPC\nnpm error syscall write';
    expect(diagnoseInstallFailure(disk, 'npm ci', 1, { limits }).message).toMatch(/out of disk space/);
  });
});

describe("diagnoseInstallFailure: the install stage's limits", () => {
  const limits = {
    memoryBytes: 1024 ** 3,
    pids: 512,
    tmpBytes: 256 * 1024 ** 2,
    homeBytes: 512 * 1024 ** 2,
    diskBytes: 2 * 1024 ** 3,
  };
  const forkFailures = [
    'sh: 1: Cannot fork',
    'bash: fork: Resource temporarily unavailable',
    'bash: fork: retry: Resource temporarily unavailable',
    'Error: spawn sh EAGAIN',
    'could not start a worker: spawn sleep EAGAIN',
    "node[12]: ../src/node_platform.cc:68: Assertion `(0) == (uv_thread_create(t.get(), platform_thread, this))' failed.",
  ];

  it.each(forkFailures)('names the process limit for "%s"', (line) => {
    const output = `${line}\nnpm error path /app\nnpm error command sh -c node bomb.js`;
    expect(diagnoseInstallFailure(output, 'npm ci', 1, { limits })).toMatchObject({
      cause: 'sandbox',
      message: expect.stringMatching(/^npm ci was stopped: it reached the install's limit of 512 processes/),
    });
  });

  it('names the process limit when the kernel refused forks, whatever the output says', () => {
    const output = 'npm error path /app\nnpm error command sh -c node workers.js\nnpm error code 1';
    expect(
      diagnoseInstallFailure(output, 'npm ci', 1, { limits, verdicts: { forkRefused: true } }).message,
    ).toMatch(/^npm ci was stopped: it reached the install's limit of 512 processes/);
  });

  it("names the memory limit on Docker's OOM verdict, on exit 137 and when V8's heap runs out", () => {
    const memory = /^npm ci was stopped: it ran out of memory \(.*the install's memory limit is 1024 MB\)/;
    expect(
      diagnoseInstallFailure('npm error code 1', 'npm ci', 1, { limits, verdicts: { oomKilled: true } })
        .message,
    ).toMatch(memory);
    expect(diagnoseInstallFailure('Killed', 'npm ci', 137, { limits }).message).toMatch(memory);
    const heap = 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory';
    expect(diagnoseInstallFailure(heap, 'npm ci', 134, { limits }).message).toMatch(memory);
  });

  it("names the folder that ran out of space when npm's error says which, and every limit when not", () => {
    const home =
      'npm error code ENOSPC\nnpm error syscall write\nnpm error path /home/learner/.npm/_cacache/tmp/abc';
    expect(diagnoseInstallFailure(home, 'npm ci', 1, { limits }).message).toMatch(
      /^npm ci was stopped: it ran out of disk space: the home folder \(npm's cache\) has a limit of 512 MiB:/,
    );
    const tmp = "Error: ENOSPC: no space left on device, open '/tmp/build/out.o'";
    expect(diagnoseInstallFailure(tmp, 'npm ci', 1, { limits }).message).toMatch(
      /\/tmp has a limit of 256 MiB/,
    );
    const write = 'Error: ENOSPC: no space left on device, write';
    expect(diagnoseInstallFailure(write, 'npm ci', 1, { limits }).message).toMatch(
      /in the sandbox \(the install may use 256 MiB in \/tmp, 512 MiB in its home folder, 2 GiB for the project and its node_modules\)/,
    );
  });
});

describe('diagnoseInstallFailure: what the registry gateway refused', () => {
  const context = { registryHost: 'registry.example.test' };

  it('names the package and the host when its install script was refused a tunnel', () => {
    const output = [
      'npm error path /app/node_modules/fetcher',
      'npm error command sh -c node install.js',
      'npm error fetcher: download failed: 403 Not the package registry (https://cdn.example.invalid/fetcher.tgz)',
    ].join('\n');
    expect(diagnoseInstallFailure(output, 'npm ci', 1, context)).toMatchObject({
      cause: 'sandbox',
      message: expect.stringMatching(
        /^the install script of fetcher \(node install\.js\) tried to reach cdn\.example\.invalid \(refused by the sandbox\), but the grading sandbox reaches only the npm registry/,
      ),
    });
  });

  it("takes the host from the gateway's refusals when the client does not print it (curl)", () => {
    const output =
      'npm error path /app\nnpm error command sh -c curl -fsSL -o x.tgz "$URL"\ncurl: (56) CONNECT tunnel failed, response 403';
    expect(
      diagnoseInstallFailure(output, 'npm ci', 1, { ...context, refusedHosts: ['cdn.example.invalid'] })
        .message,
    ).toMatch(
      /^the install script of your project \(curl .*\) tried to reach cdn\.example\.invalid \(refused by the sandbox\)/,
    );
  });

  it('says a dependency from outside the registry cannot be installed (a tarball URL, a git host)', () => {
    const output = [
      'npm error code E403',
      'npm error 403 403 Not the package registry - GET https://codeload.example.invalid/owner/repo/tar.gz/main',
    ].join('\n');
    expect(diagnoseInstallFailure(output, 'npm ci', 1, context)).toMatchObject({
      cause: 'sandbox',
      message: expect.stringMatching(
        /^npm ci tried to download from codeload\.example\.invalid \(refused by the sandbox\), but the grading sandbox reaches only the npm registry/,
      ),
      hint: expect.stringContaining('published to the npm registry'),
    });
  });

  it("calls the gateway failing to reach the registry the machine's problem", () => {
    const output = 'npm error code E502\nnpm error 502 Bad Gateway - GET https://registry.example.test/ms';
    expect(diagnoseInstallFailure(output, 'npm ci', 1, context)).toMatchObject({
      cause: 'infrastructure',
      message: expect.stringMatching(
        /^npm ci could not download packages: registry\.example\.test did not answer \(HTTP 502\)/,
      ),
    });
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
