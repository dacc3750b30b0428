/**
 * The test driver: what runs in the app container of a lab whose submission is a test suite
 * (`app.kind: tests`). The lab's stage suites serve an API (the reference or a broken copy) and
 * ask the driver, over HTTP on the run network, to run the learner's jest suite against it. The
 * learner's tests thus run with every limit of the app sandbox, and never see the lab's files.
 *
 * It imports Node's built-in modules only: this one compiled file is mounted, alone, into the
 * learner's container, whose node_modules are the learner's.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface DriverTest {
  /** The test's full name: its describe blocks and its own name. */
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  /** The first failure message, for a failed test. */
  message?: string;
}

export type DriverAnswer =
  | { outcome: 'ran'; tests: DriverTest[]; suiteErrors: string[]; output: string }
  | { outcome: 'timeout'; output: string }
  | { outcome: 'not-run'; reason: string; output: string };

export interface RunRequest {
  apiUrl: string;
  timeoutMs: number;
  /** What the API is, for the log: "the correct API". */
  label?: string;
}

const WORK_DIR = '/tmp/backlab-driver';
const REPORT_FILE = `${WORK_DIR}/report.json`;
const OUTPUT_LIMIT = 64 * 1024;
const PORT = Number(process.env.PORT) || 3000;

interface JestReport {
  testResults?: {
    name?: string;
    message?: string;
    assertionResults?: { fullName?: string; title?: string; status?: string; failureMessages?: string[] }[];
  }[];
}

/** The tests of jest's --json report, and the suites that failed before running any test. */
export function testsOf(report: JestReport): { tests: DriverTest[]; suiteErrors: string[] } {
  const tests: DriverTest[] = [];
  const suiteErrors: string[] = [];
  for (const suite of report.testResults ?? []) {
    const assertions = suite.assertionResults ?? [];
    if (assertions.length === 0 && suite.message) {
      suiteErrors.push(`${path.basename(suite.name ?? 'a test file')}: ${suite.message.trim()}`);
    }
    for (const result of assertions) {
      const status =
        result.status === 'passed' ? 'passed' : result.status === 'failed' ? 'failed' : 'skipped';
      const message = result.failureMessages?.[0];
      tests.push({
        name: result.fullName ?? result.title ?? '(unnamed test)',
        status,
        ...(status === 'failed' && message ? { message } : {}),
      });
    }
  }
  return { tests, suiteErrors };
}

function jestEntry(cwd: string): string | undefined {
  try {
    return createRequire(path.join(cwd, 'package.json')).resolve('jest/bin/jest');
  } catch {
    return undefined;
  }
}

/** Runs the learner's jest once against `apiUrl`; the whole process group goes at the time limit. */
async function runTests(request: RunRequest): Promise<DriverAnswer> {
  const cwd = process.cwd();
  const entry = jestEntry(cwd);
  if (!entry) {
    return { outcome: 'not-run', reason: 'jest is not installed: add jest to devDependencies', output: '' };
  }
  await rm(WORK_DIR, { recursive: true, force: true });
  await mkdir(WORK_DIR, { recursive: true });
  const args = [entry, '--ci', '--runInBand', '--forceExit', '--json', `--outputFile=${REPORT_FILE}`];
  // The app's folder is read-only: jest keeps its transform cache in /tmp.
  args.push(`--cacheDirectory=${WORK_DIR}/cache`);
  const child = spawn(process.execPath, args, {
    cwd,
    detached: true,
    env: { ...process.env, API_URL: request.apiUrl, NODE_ENV: 'test', FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < OUTPUT_LIMIT) output += chunk.toString('utf8').slice(0, OUTPUT_LIMIT - output.length);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, request.timeoutMs);
  await new Promise<void>((resolve) => child.on('close', () => resolve()));
  clearTimeout(timer);
  // Whatever the tests left running (servers, timers in child processes) goes with the group.
  killGroup(child.pid);
  if (timedOut) return { outcome: 'timeout', output };
  const report = await readFile(REPORT_FILE, 'utf8').then(
    (text) => JSON.parse(text) as JestReport,
    () => undefined,
  );
  if (!report) return { outcome: 'not-run', reason: 'jest wrote no report (see its output)', output };
  return { outcome: 'ran', ...testsOf(report), output };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group has already exited.
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function parseRunRequest(text: string): RunRequest | undefined {
  try {
    const body = JSON.parse(text) as Partial<RunRequest>;
    if (typeof body.apiUrl !== 'string' || typeof body.timeoutMs !== 'number') return undefined;
    const label = typeof body.label === 'string' ? body.label : undefined;
    return { apiUrl: body.apiUrl, timeoutMs: body.timeoutMs, ...(label ? { label } : {}) };
  } catch {
    return undefined;
  }
}

function serve(): void {
  let busy = false;
  createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') return answer(res, 200, { ok: true });
    if (req.method !== 'POST' || req.url !== '/run') return answer(res, 404, { error: 'not found' });
    // One run at a time: two jest runs would compete for the sandbox's one CPU and its /tmp.
    if (busy) return answer(res, 409, { error: 'a run is in progress' });
    busy = true;
    readBody(req)
      .then(async (text) => {
        const request = parseRunRequest(text);
        if (!request) return answer(res, 400, { error: 'expected {"apiUrl": string, "timeoutMs": number}' });
        const result = await runTests(request);
        // The app log is where a learner looks: each run's jest output goes there too.
        const against = request.label ?? request.apiUrl;
        console.log(
          `backlab test driver: your tests against ${against}: ${result.outcome}\n${result.output}`,
        );
        answer(res, 200, result);
      })
      .catch((err: unknown) => answer(res, 500, { error: String(err) }))
      .finally(() => (busy = false));
  }).listen(PORT, '0.0.0.0', () => console.log(`backlab test driver listening on port ${PORT}`));
}

if (require.main === module) serve();
