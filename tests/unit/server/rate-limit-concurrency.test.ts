import { learnerToken, project, upload } from './api-helpers';
import { startTestServer, type TestServer } from './test-server';

/** The per-learner rate holds when uploads arrive together, over real HTTP on 127.0.0.1. */
let ts: TestServer;
afterEach(async () => {
  await ts?.close();
});

describe('rate limit under concurrency', () => {
  it('accepts exactly 10 of 25 concurrent uploads against 10 per 10 minutes, and keeps no refused archive', async () => {
    ts = await startTestServer({ rateLimit: { max: 10, windowMs: 10 * 60_000 } });
    ts.grader.ready = false;
    const ada = await learnerToken(ts, 'ada');
    const bodies = await Promise.all(Array.from({ length: 25 }, (_, i) => project(`concurrent-${i}`)));
    const answers = await Promise.all(bodies.map((body) => upload(ts, ada, body)));

    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    for (const refused of answers.filter((a) => a.status === 429)) {
      expect(refused.body.error.code).toBe('rate-limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(500);
    }
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(`${ts.dataDir}/archives`)).toHaveLength(10);
    expect(await readdir(`${ts.dataDir}/uploads`)).toEqual([]);
  });
});
