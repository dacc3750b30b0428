import { scaleOutUrls } from '../../../runner/cli/commands/serve';

/** How `serve` and `worker` read the scale-out mode's --queue and --store (or their variables). */
describe('scaleOutUrls', () => {
  const saved = { queue: process.env.BACKLAB_QUEUE_URL, store: process.env.BACKLAB_STORE_URL };
  beforeEach(() => {
    delete process.env.BACKLAB_QUEUE_URL;
    delete process.env.BACKLAB_STORE_URL;
  });
  afterAll(() => {
    if (saved.queue !== undefined) process.env.BACKLAB_QUEUE_URL = saved.queue;
    if (saved.store !== undefined) process.env.BACKLAB_STORE_URL = saved.store;
  });

  it('is the embedded mode without either', () => {
    expect(scaleOutUrls({})).toBeUndefined();
  });

  it('takes the flags, or the variables that keep passwords off the process list', () => {
    expect(scaleOutUrls({ queue: 'redis://q:6379', store: 'postgres://u@db/backlab' })).toEqual({
      queue: 'redis://q:6379',
      store: 'postgres://u@db/backlab',
    });
    process.env.BACKLAB_QUEUE_URL = 'rediss://q:6380';
    process.env.BACKLAB_STORE_URL = 'postgresql://u@db/backlab';
    expect(scaleOutUrls({})).toEqual({ queue: 'rediss://q:6380', store: 'postgresql://u@db/backlab' });
  });

  it('names the missing half', () => {
    expect(() => scaleOutUrls({ queue: 'redis://q' })).toThrow(/--store is missing/);
    expect(() => scaleOutUrls({ store: 'postgres://db/x' })).toThrow(/--queue is missing/);
  });

  it('refuses another kind of URL without echoing its password', () => {
    let message = '';
    try {
      scaleOutUrls({ queue: 'redis://q', store: 'mysql://admin:s3cret@db/x' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^--store must be a postgres:\/\/… or postgresql:\/\/… URL/);
    expect(message).toContain('mysql://admin:***@db/x');
    expect(message).not.toContain('s3cret');
    expect(() => scaleOutUrls({ queue: 'not a url', store: 'postgres://db/x' })).toThrow(
      /--queue must be a redis/,
    );
  });
});
