import { RunTeardown } from '../../../runner/server/grading/run-teardown';
import type { ServerLog } from '../../../runner/server/server-log';
import { learnerToken, project, upload, waitForStatus } from './api-helpers';
import { startTestServer, type TestServer } from './test-server';

/** The containers of a grade that failed as infrastructure are removed once Docker answers again. */
function recordingLog(): ServerLog & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Fails `failures` times (Docker away), then removes. */
function flakyRemove(failures: number) {
  const calls: string[] = [];
  const remove = async (runId: string) => {
    calls.push(runId);
    if (calls.length <= failures) throw new Error('connect ENOENT /var/run/docker.sock');
    return `removed ${runId}`;
  };
  return { calls, remove };
}

let teardown: RunTeardown | undefined;
let ts: TestServer | undefined;
afterEach(async () => {
  teardown?.stop();
  await ts?.close();
  teardown = ts = undefined;
});

describe('RunTeardown', () => {
  it('retries with backoff until Docker answers, then logs what it removed', async () => {
    const log = recordingLog();
    const { calls, remove } = flakyRemove(2);
    teardown = new RunTeardown(remove, log, [10, 20, 40]);
    teardown.schedule(['r-1', 'r-1']);
    await until(() => teardown!.waiting().length === 0);
    expect(calls).toEqual(['r-1', 'r-1', 'r-1']);
    expect(log.lines).toEqual(['info removed r-1 {"run":"r-1","tries":3}']);
  });

  it('gives up after the last delay, saying the next start removes them', async () => {
    const log = recordingLog();
    const { calls, remove } = flakyRemove(Infinity);
    teardown = new RunTeardown(remove, log, [5, 5]);
    teardown.schedule(['r-2']);
    await until(() => teardown!.waiting().length === 0);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toHaveLength(3);
    expect(log.lines).toEqual([
      expect.stringMatching(
        /^error gave up removing the containers of a run; the next server start removes them .*"run":"r-2","tries":3,"error":"connect ENOENT/,
      ),
    ]);
  });

  it('tries at once when Docker is back instead of waiting out the backoff, and not at all once stopped', async () => {
    const { calls, remove } = flakyRemove(1);
    teardown = new RunTeardown(remove, recordingLog(), [60_000]);
    teardown.schedule(['r-3']);
    await until(() => calls.length === 1);
    // Let the failed try set its timer.
    await new Promise((r) => setTimeout(r, 10));
    teardown.retryNow();
    await until(() => teardown!.waiting().length === 0);
    expect(calls).toEqual(['r-3', 'r-3']);

    const stopped = flakyRemove(1);
    teardown = new RunTeardown(stopped.remove, recordingLog(), [10]);
    teardown.schedule(['r-4']);
    await until(() => stopped.calls.length === 1);
    teardown.stop();
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped.calls).toEqual(['r-4']);
  });
});

describe('the server after a grade lost Docker', () => {
  it("removes that grade's runs once Docker answers, while the attempt is retried as usual", async () => {
    ts = await startTestServer({ teardownDelaysMs: [20, 20, 20, 20] });
    ts.grader.removeFailures = 2;
    ts.grader.script.push(async () => ({
      kind: 'infrastructure',
      cause: 'teardown: connect ENOENT /var/run/docker.sock',
      runIds: ['r-20261121-aaaaaa'],
    }));
    const ada = await learnerToken(ts, 'ada');
    const posted = await upload(ts, ada, await project());
    const done = await waitForStatus(ts, ada, posted.body.id, ['graded']);
    expect(done.attempts[0].failures).toEqual(['teardown: connect ENOENT /var/run/docker.sock']);
    await until(() => ts!.grader.removeCalls.length === 3);
    expect(ts.grader.removeCalls).toEqual(Array(3).fill('r-20261121-aaaaaa'));
  });
});
