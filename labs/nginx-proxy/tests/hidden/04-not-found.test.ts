import { described, expectFromApp, getRaw, site } from '../support/site';
import { expectNotFoundPage } from '../support/not-found';

jest.setTimeout(30_000);

describe('missing pages get public/404.html (hidden)', () => {
  test('a deeply nested missing page answers 404 with public/404.html', async () => {
    await expectNotFoundPage(await getRaw('/shop/aisle/7/missing.html'), 'GET /shop/aisle/7/missing.html');
  });

  test("the app's own 404 for an unknown API route passes through as JSON", async () => {
    const res = await site().get('/api/no-such-route');
    expectFromApp(res, 404, 'GET /api/no-such-route');
    if (typeof res.body?.error !== 'string') {
      throw new Error(
        `GET /api/no-such-route: expected the app's JSON error, got ${described(res)}. Leave proxy_intercept_errors off for /api/.`,
      );
    }
  });
});
