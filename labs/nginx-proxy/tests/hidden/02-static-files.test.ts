import { expectLongCache } from '../support/caching';
import { expectPublicFile, getRaw } from '../support/site';

jest.setTimeout(30_000);

describe('nginx serves public/ with cache headers (hidden)', () => {
  test.each([
    ['assets/app.js', 'application/javascript'],
    ['assets/logo.svg', 'image/svg+xml'],
  ])('GET /%s is served with its type and a long cache lifetime', async (file, type) => {
    const res = await getRaw(`/${file}`);
    await expectPublicFile(res, file, type, `GET /${file}`);
    expectLongCache(res, `GET /${file}`);
  });
});
