import { answersPerInstance, INSTANCES, tally } from './support/instances';

jest.setTimeout(30_000);

describe('nginx balances across both app instances', () => {
  test('10 requests to /api/hello are answered by both app-1 and app-2', async () => {
    const counts = await answersPerInstance('/api/hello', 10);
    const missing = INSTANCES.filter((name) => !counts.has(name));
    if (missing.length) {
      throw new Error(
        `10 GET /api/hello were answered by ${tally(counts)}; ${missing.join(' and ')} never answered. ` +
          'Put both app-1:3000 and app-2:3000 in an upstream block and proxy_pass to it.',
      );
    }
  });
});
