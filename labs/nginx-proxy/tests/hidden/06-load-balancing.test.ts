import { answersPerInstance, INSTANCES, tally } from '../support/instances';

jest.setTimeout(30_000);

describe('nginx balances across both app instances (hidden)', () => {
  test('20 requests are shared about evenly', async () => {
    const counts = await answersPerInstance('/api/products', 20);
    const low = INSTANCES.filter((name) => (counts.get(name) ?? 0) < 6);
    if (low.length) {
      throw new Error(
        `20 GET /api/products were answered by ${tally(counts)}: spread requests evenly (round robin, no backup or weights).`,
      );
    }
  });
});
