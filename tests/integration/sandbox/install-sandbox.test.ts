import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeRun } from '../../../runner/docker/cleanup';
import { archiveDirectory } from '../../../runner/docker/archive';
import { IMAGE } from '../../../runner/docker/images/catalog';
import { currentOwner, LABEL, runLabels } from '../../../runner/docker/labels';
import { newRunId } from '../../../runner/docker/names';
import { installDependencies, type InstallRequest } from '../../../runner/sandbox/install-dependencies';
import { installInputs } from '../../../runner/sandbox/install-inputs';
import { AppSetupError, installCommand, readPackageJson } from '../../../runner/sandbox/package-json';
import { LEARNER } from '../../../runner/sandbox/sandbox-user';
import { leftovers, realDocker } from '../../support/docker';

/**
 * The install stage's bounds on the real engine: its network reaches the package registry alone
 * (through the registry gateway), and its disk and process limits are named when hit. Only DNS
 * lookups and connections to the gateway are made here: nothing connects out except to the registry.
 */
const docker = realDocker();
const marker = randomUUID();
const folders: string[] = [];
const runs: string[] = [];

const MS_LOCK = {
  name: 'install-sandbox',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'install-sandbox', version: '1.0.0', dependencies: { ms: '2.1.3' } },
    'node_modules/ms': {
      version: '2.1.3',
      integrity:
        'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
      license: 'MIT',
    },
  },
};

/** A project folder: package.json (with a marker of this test run, so no cache is reused) and files. */
async function project(pkg: Record<string, unknown>, files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'backlab-install-sandbox-'));
  folders.push(dir);
  const json = { name: 'install-sandbox', version: '1.0.0', description: marker, private: true, ...pkg };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(json, null, 2)}\n`);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

async function install(dir: string, extra: Partial<InstallRequest> = {}) {
  const runId = newRunId();
  runs.push(runId);
  const pkg = await readPackageJson(dir);
  const labels = runLabels({
    runId,
    workspace: 'test-install-sandbox',
    lifetime: 'run',
    owner: currentOwner(),
  });
  const req: InstallRequest = {
    docker,
    runId,
    labels,
    sourceDir: dir,
    appDir: dir,
    appPath: '.',
    pkg,
    command: installCommand(pkg),
    timeoutMs: 120_000,
    memoryBytes: 256 * 1024 ** 2,
    ...extra,
  };
  return { runId, req, installed: installDependencies(req) };
}

async function failureOf(installed: Promise<unknown>): Promise<AppSetupError> {
  const outcome = await installed.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(AppSetupError);
  return outcome as AppSetupError;
}

/** A file of the app's volume, read by a container of the run with no network. */
async function readFromVolume(runId: string, volume: string, path: string): Promise<string> {
  const id = await docker.createContainer({
    name: `backlab-${runId}-reader`,
    image: IMAGE.node,
    labels: { [LABEL.managed]: '1', [LABEL.run]: runId },
    network: { name: 'none', aliases: [] },
    cmd: ['cat', path],
    mounts: [{ type: 'volume', source: volume, target: '/app', readOnly: true }],
  });
  try {
    await docker.startContainer(id);
    await docker.waitContainer(id);
    return await docker.logs(id, 1000);
  } finally {
    await docker.removeContainer(id);
  }
}

afterAll(async () => {
  for (const runId of runs) {
    await removeRun(docker, runId);
    expect(await leftovers(docker, runId)).toEqual([]);
  }
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

// Asks the gateway (HTTPS_PROXY) for a tunnel to a host that is not the registry, sends a plain
// request through it, and looks an outside name up: only DNS and the gateway are ever contacted.
const PROBE = `
const http = require('node:http');
const dns = require('node:dns').promises;
const fs = require('node:fs');
const proxy = new URL(process.env.HTTPS_PROXY);
const ask = (opts) => new Promise((resolve) => {
  const req = http.request({ host: proxy.hostname, port: proxy.port, ...opts });
  const read = (res, stream, head = '') => { let body = String(head); stream.on('data', (c) => (body += c)); stream.on('end', () => resolve({ status: res.statusCode, phrase: res.statusMessage, body })); };
  req.on('connect', (res, socket, head) => read(res, socket, head)).on('response', (res) => read(res, res));
  req.on('error', (e) => resolve({ error: e.code }));
  req.end();
});
(async () => {
  const results = {
    connect: await ask({ method: 'CONNECT', path: 'example.com:443' }),
    plain: await ask({ method: 'GET', path: 'http://example.com/' }),
    dns: await dns.lookup('example.com').then((a) => a.address, (e) => e.code),
  };
  fs.writeFileSync('probe.json', JSON.stringify(results));
  console.error('probe error: CONNECT example.com:443 answered ' + results.connect.status + ' ' + results.connect.phrase + ' (https://example.com/)');
  process.exit(1);
})();
`;

describe('the install stage (real Docker)', () => {
  it('reaches only the registry: a CONNECT elsewhere is refused and outside names do not resolve', async () => {
    const dir = await project({ scripts: { postinstall: 'node probe.js' } }, { 'probe.js': PROBE });
    const { runId, installed } = await install(dir);
    const error = await failureOf(installed);
    expect(error).toMatchObject({ blame: 'sandbox' });
    expect(error.message).toMatch(
      /^the install script of your project \(node probe\.js\) tried to reach example\.com \(refused by the sandbox\), but the grading sandbox reaches only the npm registry/,
    );
    const results = JSON.parse(await readFromVolume(runId, `backlab-${runId}-app`, '/app/probe.json'));
    expect(results.connect).toMatchObject({ status: 403, phrase: 'Not the package registry' });
    expect(results.connect.body).toMatch(
      /^CONNECT example\.com:443: the install stage of grading reaches only the package registry \(/,
    );
    expect(results.plain).toMatchObject({ status: 403, phrase: 'Not the package registry' });
    expect(results.dns).toMatch(/^(EAI_AGAIN|ENOTFOUND)$/);
  });

  it('installs a real package from the registry through the gateway', async () => {
    const dir = await project({ dependencies: { ms: '2.1.3' } });
    await writeFile(join(dir, 'package-lock.json'), JSON.stringify(MS_LOCK));
    const { runId, req, installed } = await install(dir);
    const result = await installed;
    expect(result.fromCache).toBe(false);
    const ms = JSON.parse(await readFromVolume(runId, result.volume, '/app/node_modules/ms/package.json'));
    expect(ms.version).toBe('2.1.3');
    // The cache this left is this test run's own (its package.json carries the marker).
    const image = await docker.inspectImage(IMAGE.node);
    const tar = (await archiveDirectory(dir, LEARNER)).tar;
    const { key } = await installInputs({ ...req, projectTar: tar, imageId: image!.id });
    await docker.removeVolume(`backlab-deps-${key}`);
  });

  it('stops a postinstall that writes more than the disk limit, naming the limit and the folder', async () => {
    // Bounded by itself too: at most 400 MiB, 4 MiB at a time.
    const fill = `const fs = require('node:fs'); fs.mkdirSync('node_modules/junk', { recursive: true });
const chunk = Buffer.alloc(4 * 1024 * 1024, 1); const fd = fs.openSync('node_modules/junk/blob', 'w');
let n = 0; const timer = setInterval(() => { fs.writeSync(fd, chunk); if (++n === 100) clearInterval(timer); }, 20);`;
    const dir = await project({ scripts: { postinstall: 'node fill.js' } }, { 'fill.js': fill });
    const started = Date.now();
    const { installed } = await install(dir, { diskLimitBytes: 32 * 1024 ** 2 });
    const error = await failureOf(installed);
    expect(error).toMatchObject({ blame: 'sandbox' });
    expect(error.message).toMatch(
      /^installing dependencies \(npm install\) was stopped: it wrote \d+(\.\d)? MiB to \/app, most of it in node_modules\/junk, more than the install's disk limit of 32 MiB$/,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('names the sizes of /tmp and home when a postinstall fills /tmp', async () => {
    const fill = `const fs = require('node:fs'); const chunk = Buffer.alloc(1024 * 1024, 1);
const fd = fs.openSync('/tmp/fill', 'w'); for (let i = 0; i < 300; i++) fs.writeSync(fd, chunk);`;
    const dir = await project({ scripts: { postinstall: 'node fill.js' } }, { 'fill.js': fill });
    const { installed } = await install(dir);
    const error = await failureOf(installed);
    expect(error).toMatchObject({ blame: 'sandbox' });
    // A write's ENOSPC names no path: the message names every folder's limit.
    expect(error.message).toMatch(
      /^npm install was stopped: it ran out of disk space in the sandbox \(the install may use 256 MiB in \/tmp, 512 MiB in its home folder, 2 GiB for the project and its node_modules\):\n.*ENOSPC/,
    );
  });

  it("reports a postinstall fork loop as hitting the install's process limit", async () => {
    // Starts processes without end (each lives 30 s), until starting one fails.
    const bomb = `const { spawn } = require('node:child_process');
const more = () => spawn('sleep', ['30']).on('spawn', () => setImmediate(more)).on('error', (err) => {
  console.error('could not start a worker: ' + err.message);
  process.exit(1);
});
more();`;
    const dir = await project({ scripts: { postinstall: 'node bomb.js' } }, { 'bomb.js': bomb });
    const { installed } = await install(dir);
    const error = await failureOf(installed);
    expect(error).toMatchObject({ blame: 'sandbox' });
    expect(error.message).toMatch(
      /^npm install was stopped: it reached the install's limit of 512 processes/,
    );
  });

  it('names the process limit when a fork loop outlives the install time limit', async () => {
    // Keeps the process table full (retrying every 200 ms) instead of failing.
    const hold = `const { spawn } = require('node:child_process');
const more = () => spawn('sleep', ['60']).on('spawn', () => setImmediate(more)).on('error', () => setTimeout(more, 200));
more();`;
    const dir = await project({ scripts: { postinstall: 'node hold.js' } }, { 'hold.js': hold });
    const { installed } = await install(dir, { timeoutMs: 15_000 });
    const error = await failureOf(installed);
    expect(error).toMatchObject({ blame: 'sandbox' });
    expect(error.message).toMatch(
      /^installing dependencies \(npm install\) did not finish within the install time limit of 15 s; it reached the install's limit of 512 processes/,
    );
  });
});
