import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runLearnerTests, type LearnerRun } from '../../../runner/kit/learner-tests';
import { packageRoot } from '../../../runner/common/package-root';
import { freePort } from '../../support/ports';

/**
 * The test driver as it runs in the sandbox (the compiled file, in its own process) with a real
 * jest from a learner folder, asked through the kit. Only Docker is left out: the driver runs the
 * same way in the app container, and the lab's grades cover that (repo-labs.test.ts).
 */
jest.setTimeout(60_000);

let api: Server;
let apiUrl: string;
let driver: ChildProcess | undefined;
let folder: string;

beforeAll(async () => {
  // The API under test: /ok answers 200, anything else 500.
  api = createServer((req, res) => {
    res.writeHead(req.url === '/ok' ? 200 : 500);
    res.end();
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => api.close(resolve));
});

afterEach(async () => {
  driver?.kill('SIGKILL');
  driver = undefined;
  await rm(folder, { recursive: true, force: true });
});

/** A learner folder with `tests`, with or without jest installed, and the driver started in it. */
async function startDriverIn(tests: Record<string, string>, withJest = true): Promise<void> {
  folder = await mkdtemp(path.join(tmpdir(), 'backlab-driver-test-'));
  await writeFile(
    path.join(folder, 'package.json'),
    JSON.stringify({ name: 'learner-tests', private: true }),
  );
  if (withJest) await symlink(path.join(packageRoot(), 'node_modules'), path.join(folder, 'node_modules'));
  await mkdir(path.join(folder, 'tests'));
  for (const [name, text] of Object.entries(tests)) await writeFile(path.join(folder, 'tests', name), text);
  const port = await freePort();
  const started = spawn(process.execPath, [path.join(packageRoot(), 'dist/runner/sandbox/test-driver.js')], {
    cwd: folder,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  driver = started;
  await new Promise<void>((resolve, reject) => {
    started.stdout!.once('data', () => resolve());
    started.once('exit', (code) => reject(new Error(`the driver exited with ${code}`)));
  });
  process.env.BACKLAB_APP_URL = `http://127.0.0.1:${port}`;
}

const fetchTest = (name: string, route: string) =>
  `test(${JSON.stringify(name)}, async () => {
    const res = await fetch(process.env.API_URL + ${JSON.stringify(route)});
    expect(res.status).toBe(200);
  });\n`;

test('runs the learner suite against API_URL and reports each test', async () => {
  await startDriverIn({
    'a.test.js': `describe('books', () => {\n${fetchTest('list', '/ok')}${fetchTest('missing', '/nope')}});\n`,
  });
  const run: LearnerRun = await runLearnerTests(apiUrl, { timeoutMs: 30_000 });
  expect(run.outcome).toBe('ran');
  if (run.outcome !== 'ran') return;
  expect(run.tests.map(({ name, status }) => ({ name, status }))).toEqual([
    { name: 'books list', status: 'passed' },
    { name: 'books missing', status: 'failed' },
  ]);
  expect(run.tests[1].message).toMatch(/Expected: 200\s+Received: 500/);
});

test('a suite that never ends is stopped at the time limit, and the driver takes the next run', async () => {
  await startDriverIn({ 'spin.test.js': `test('spins', () => { for (;;) {} });\n` });
  const started = Date.now();
  const run = await runLearnerTests(apiUrl, { timeoutMs: 3000 });
  expect(run.outcome).toBe('timeout');
  expect(Date.now() - started).toBeLessThan(20_000);
  // The killed run left nothing behind that keeps the driver busy.
  expect((await runLearnerTests(apiUrl, { timeoutMs: 3000 })).outcome).toBe('timeout');
});

test('a file that does not compile is reported as a suite error, with no tests', async () => {
  await startDriverIn({ 'broken.test.js': 'test("x", () => {\n' });
  const run = await runLearnerTests(apiUrl, { timeoutMs: 30_000 });
  expect(run).toMatchObject({ outcome: 'ran', tests: [] });
  if (run.outcome !== 'ran') return;
  expect(run.suiteErrors).toHaveLength(1);
  expect(run.suiteErrors[0]).toMatch(/^broken\.test\.js: /);
});

test('without jest installed, nothing runs and the reason says what to add', async () => {
  await startDriverIn({ 'a.test.js': fetchTest('list', '/ok') }, false);
  const run = await runLearnerTests(apiUrl, { timeoutMs: 30_000 });
  expect(run).toMatchObject({
    outcome: 'not-run',
    reason: expect.stringMatching(/add jest to devDependencies/),
  });
});
