import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShutdownHooks } from '../../../runner/common/shutdown';
import { DEFAULT_RATE_LIMIT } from '../../../runner/server/api/rate-limit';
import { silentLog } from '../../../runner/server/server-log';
import { startServer, type RunningServer, type ServerOptions } from '../../../runner/server/start-server';
import { DEFAULT_UPLOAD_LIMITS } from '../../../runner/server/uploads/upload-limits';
import { FIXTURE_LABS } from '../lab/lab-fixtures';
import { FakeGrader } from './fake-grader';

export interface TestServer {
  url: string;
  dataDir: string;
  grader: FakeGrader;
  instructorToken: string;
  server: RunningServer;
  /** Starts the server again on the same data folder (a restart). */
  restart(overrides?: Partial<ServerOptions>): Promise<void>;
  close(): Promise<void>;
}

/** The real server (store, queue, workers, HTTP on 127.0.0.1) with a fake grader and fixture labs. */
export async function startTestServer(overrides: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? (await mkdtemp(join(tmpdir(), 'backlab-server-')));
  const grader = (overrides.grader as FakeGrader | undefined) ?? new FakeGrader();
  let instructorToken = '';
  const options = (more: Partial<ServerOptions> = {}): ServerOptions => ({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    labsDir: FIXTURE_LABS,
    workers: 1,
    uploadLimits: DEFAULT_UPLOAD_LIMITS,
    rateLimit: DEFAULT_RATE_LIMIT,
    maxQueued: 50,
    leaseMs: 2000,
    retryDelayMs: () => 0,
    readinessTtlMs: 0,
    drainTimeoutMs: 1000,
    hooks: new ShutdownHooks(),
    log: silentLog,
    onInstructorToken: (token) => (instructorToken = token),
    ...overrides,
    ...more,
    grader,
  });
  const handle: TestServer = {
    url: '',
    dataDir,
    grader,
    instructorToken: '',
    server: await startServer(options()),
    async restart(more) {
      await handle.server.close();
      handle.server = await startServer(options(more));
      handle.url = handle.server.url;
    },
    async close() {
      grader.release();
      await handle.server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  handle.url = handle.server.url;
  handle.instructorToken = instructorToken;
  return handle;
}
