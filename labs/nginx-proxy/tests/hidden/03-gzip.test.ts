import { expectPublicFile, getRaw } from '../support/site';

jest.setTimeout(30_000);

describe('nginx compresses text answers (hidden)', () => {
  test.each([
    ['index.html', 'text/html'],
    ['assets/app.js', 'application/javascript'],
    ['assets/logo.svg', 'image/svg+xml'],
  ])('/%s is sent gzipped', async (file, type) => {
    const res = await getRaw(`/${file}`, { 'Accept-Encoding': 'gzip' });
    await expectPublicFile(res, file, type, `GET /${file} with Accept-Encoding: gzip`);
    const encoding = String(res.headers['content-encoding'] ?? 'none');
    if (encoding !== 'gzip') {
      throw new Error(
        `GET /${file} with Accept-Encoding: gzip: expected Content-Encoding: gzip, got ${encoding}. Is ${type} in gzip_types?`,
      );
    }
  });
});
