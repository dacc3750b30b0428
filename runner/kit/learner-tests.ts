/**
 * For labs whose submission is a test suite (`app.kind: tests`): a stage serves an API from the
 * test runner (the reference, or a copy with a bug in it), asks the test driver in the learner's
 * sandbox to run the learner's tests against it, and checks which of them passed. The APIs'
 * sources stay in the test runner, so the learner's tests can only reach them over HTTP.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import type { DriverAnswer, DriverTest } from '../sandbox/test-driver';
import { KIT_ENV, requireEnv } from './env';

export type { DriverAnswer as LearnerRun, DriverTest as LearnerTest } from '../sandbox/test-driver';

/** A learner run longer than this is stopped and reported as a timeout. */
const RUN_TIMEOUT_MS = 45_000;

export interface ServedApi {
  /** The URL the learner's tests receive in API_URL, e.g. http://172.18.0.5:41234. */
  url: string;
  close(): Promise<void>;
}

/** This container's address on the run network: the learner's sandbox reaches nothing else of it. */
function runNetworkAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (found) return found.address;
  }
  throw new Error('The test runner has no address on the run network to serve an API from');
}

/** Serves `handler` (an Express app or any request listener) on a free port of the run network. */
export async function serveApi(handler: RequestListener): Promise<ServedApi> {
  const server = createServer(handler);
  const host = runNetworkAddress();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Runs the learner's tests once, with API_URL set to `apiUrl`; `label` says in the app log which
 * API it was ("the correct API").
 */
export async function runLearnerTests(
  apiUrl: string,
  { timeoutMs = RUN_TIMEOUT_MS, label }: { timeoutMs?: number; label?: string } = {},
): Promise<DriverAnswer> {
  const driver = requireEnv(KIT_ENV.appUrl, "The learner's test driver");
  const res = await fetch(`${driver}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiUrl, timeoutMs, ...(label ? { label } : {}) }),
    // The driver answers when jest ends, at most at its own time limit.
    signal: AbortSignal.timeout(timeoutMs + 15_000),
  });
  if (!res.ok) throw new Error(`The test driver answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as DriverAnswer;
}

/** Serves `handler`, runs the learner's tests against it, and stops serving it. */
export async function runLearnerTestsOn(handler: RequestListener, label?: string): Promise<DriverAnswer> {
  const api = await serveApi(handler);
  try {
    return await runLearnerTests(api.url, { ...(label ? { label } : {}) });
  } finally {
    await api.close();
  }
}

/**
 * The result of `run` under `key`, computed once per grade: a grade's stages share one test
 * runner, whose /tmp holds the result, so the learner's suite runs once against the reference
 * and not once per stage.
 */
export async function keptRun(key: string, run: () => Promise<DriverAnswer>): Promise<DriverAnswer> {
  const file = path.join('/tmp', 'backlab-kept-runs', `${key.replace(/[^\w.-]/g, '_')}.json`);
  const kept = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as DriverAnswer,
    () => undefined,
  );
  if (kept) return kept;
  const result = await run();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(result));
  return result;
}

export function testsOf(run: DriverAnswer): DriverTest[] {
  return run.outcome === 'ran' ? run.tests : [];
}

export function passedTests(run: DriverAnswer): string[] {
  return testsOf(run)
    .filter((test) => test.status === 'passed')
    .map((test) => test.name);
}

/** The tests that pass on the reference and fail on the broken API: the ones that catch its bug. */
export function catchingTests(reference: DriverAnswer, broken: DriverAnswer): string[] {
  const failedOnBroken = new Set(
    testsOf(broken)
      .filter((test) => test.status === 'failed')
      .map((test) => test.name),
  );
  return passedTests(reference).filter((name) => failedOnBroken.has(name));
}

/** One line on how a run went, for assertion messages: "12 tests: 10 passed, 2 failed". */
export function describeRun(run: DriverAnswer): string {
  if (run.outcome === 'timeout') return 'your tests did not finish in time (a test that never ends?)';
  if (run.outcome === 'not-run') return `your tests did not run: ${run.reason}`;
  if (run.tests.length === 0) {
    const why = run.suiteErrors.length > 0 ? `: ${run.suiteErrors[0].split('\n')[0]}` : '';
    return `jest found no tests${why}`;
  }
  const count = (status: DriverTest['status']) => run.tests.filter((test) => test.status === status).length;
  const parts = [`${count('passed')} passed`, `${count('failed')} failed`];
  if (count('skipped') > 0) parts.push(`${count('skipped')} skipped`);
  return `${run.tests.length} tests: ${parts.join(', ')}`;
}
