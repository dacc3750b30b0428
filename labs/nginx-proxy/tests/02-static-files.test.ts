import { describeCache, expectLongCache, maxAge, PAGE_MAX_AGE } from './support/caching';
import { expectPublicFile, getRaw } from './support/site';

jest.setTimeout(30_000);

describe('nginx serves public/ with cache headers', () => {
  test('GET / is public/index.html', async () => {
    const res = await getRaw('/');
    await expectPublicFile(res, 'index.html', 'text/html', 'GET /');
  });

  test('GET /assets/site.css is public/assets/site.css, cacheable for at least a day', async () => {
    const res = await getRaw('/assets/site.css');
    await expectPublicFile(res, 'assets/site.css', 'text/css', 'GET /assets/site.css');
    expectLongCache(res, 'GET /assets/site.css');
  });

  test('pages are not cached for long', async () => {
    const res = await getRaw('/index.html');
    await expectPublicFile(res, 'index.html', 'text/html', 'GET /index.html');
    const age = maxAge(res);
    if (age !== undefined && age > PAGE_MAX_AGE) {
      throw new Error(
        `GET /index.html: ${describeCache(res)} lets browsers keep an old page for ${age} s; pages may be cached ${PAGE_MAX_AGE} s at most. ` +
          'Set the long cache lifetime in location /assets/ only.',
      );
    }
  });
});
