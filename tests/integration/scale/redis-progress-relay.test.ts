import { pollUntil, sleep } from '../../../runner/common/poll';
import { ProgressHub, type ProgressEvent } from '../../../runner/server/grading/progress-hub';
import { RedisProgressRelay } from '../../../runner/server/grading/redis-progress-relay';
import { startRedis, type LocalServer } from '../../support/local-servers';

/**
 * Live progress from a "worker" hub to "API" hubs of other processes, through a real Redis of this
 * file's own. Each hub has its own relay and connections, as it would in its own process.
 */

let redis: LocalServer;
const relays: RedisProgressRelay[] = [];
let prefixes = 0;

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(() => redis.remove());
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});

/** A worker hub (publishes only) and two API hubs (publish and follow), on a prefix of the test's own. */
async function hubs(): Promise<{ worker: ProgressHub; api: ProgressHub; api2: ProgressHub }> {
  const prefix = `test${++prefixes}:progress:`;
  const open = async (subscribe: boolean) => {
    const hub = new ProgressHub();
    relays.push(
      await RedisProgressRelay.open(redis.url, hub, { prefix, subscribe, onError: () => undefined }),
    );
    return hub;
  };
  return { worker: await open(false), api: await open(true), api2: await open(true) };
}

function historyOf(hub: ProgressHub, submissionId: string, length: number): Promise<ProgressEvent[]> {
  return pollUntil(
    async () => {
      const history = hub.history(submissionId);
      return history.length === length ? history : undefined;
    },
    { timeoutMs: 3000, intervalMs: 20, describe: `${submissionId} did not reach ${length} events` },
  );
}

const withoutTimes = (events: ProgressEvent[]) => events.map(({ at: _at, ...rest }) => rest);

describe('RedisProgressRelay', () => {
  it('carries the steps and states of a grade to the API hubs, history and feed', async () => {
    const { worker, api } = await hubs();
    const followed: ProgressEvent[] = [];
    api.subscribe('s1', (event) => followed.push(event));
    worker.beginAttempt('s1', 1, 'running');
    const progress = worker.progressFor('s1');
    const step = progress.step('Start the app');
    step.update('waiting for port 3000');
    step.succeed();
    progress.warn('slow start');
    progress.step('Hidden tests').fail('2 of 5 failed');
    worker.publishState('s1', 1, 'graded');
    const history = await historyOf(api, 's1', 8);
    expect(history).toEqual(worker.history('s1'));
    expect(followed).toEqual(history);
    expect(withoutTimes(history)).toEqual([
      { type: 'state', state: 'running', attempt: 1 },
      { type: 'step', step: 1, title: 'Start the app', status: 'running' },
      { type: 'step', step: 1, title: 'Start the app', status: 'running', detail: 'waiting for port 3000' },
      { type: 'step', step: 1, title: 'Start the app', status: 'succeeded' },
      { type: 'warn', message: 'slow start' },
      { type: 'step', step: 2, title: 'Hidden tests', status: 'running' },
      { type: 'step', step: 2, title: 'Hidden tests', status: 'failed', detail: '2 of 5 failed' },
      { type: 'state', state: 'graded', attempt: 1 },
    ]);
  });

  it('starts the history clean for a new attempt everywhere', async () => {
    const { worker, api } = await hubs();
    worker.beginAttempt('s1', 1, 'running');
    worker.progressFor('s1').info('first try');
    worker.publishState('s1', 1, 'queued');
    await historyOf(api, 's1', 3);
    worker.beginAttempt('s1', 2, 'running');
    const history = await historyOf(api, 's1', 1);
    expect(withoutTimes(history)).toEqual([{ type: 'state', state: 'running', attempt: 2 }]);
  });

  it('relays between API servers without echoing an event back to its own hub', async () => {
    const { worker, api, api2 } = await hubs();
    api.beginAttempt('s2', 1, 'queued');
    const relayed = await historyOf(api2, 's2', 1);
    expect(relayed).toEqual(api.history('s2'));
    await sleep(200);
    expect(api.history('s2')).toHaveLength(1);
    // A worker-only hub follows nothing.
    expect(worker.history('s2')).toEqual([]);
  });

  it('relays again after Redis restarted', async () => {
    const { worker, api } = await hubs();
    await redis.stop();
    await sleep(300);
    await redis.start();
    // Until both connections are back, events may be lost: publish until one arrives.
    let attempt = 0;
    await pollUntil(
      async () => {
        worker.publishState('s3', ++attempt, 'running');
        return api.history('s3').length > 0 ? true : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200, describe: 'no event after the restart' },
    );
    worker.beginAttempt('s3', 99, 'running');
    const isReset = (events: ProgressEvent[]) =>
      events.length === 1 && events[0].type === 'state' && events[0].attempt === 99;
    await pollUntil(async () => (isReset(api.history('s3')) ? true : undefined), {
      timeoutMs: 3000,
      intervalMs: 20,
      describe: 'the reset did not arrive',
    });
  });

  it('stops relaying once closed, leaving the hub as it was without a relay', async () => {
    const { worker, api } = await hubs();
    await Promise.all(relays.splice(0).map((relay) => relay.close()));
    worker.beginAttempt('s4', 1, 'running');
    await sleep(200);
    expect(worker.history('s4')).toHaveLength(1);
    expect(api.history('s4')).toEqual([]);
  });
});
