import { described, expectFromApp, expectPublicFile, getRaw, site } from './support/site';

jest.setTimeout(30_000);

const GZIP = { 'Accept-Encoding': 'gzip' };

function encodingOf(res: { headers: Record<string, unknown> }): string {
  return String(res.headers['content-encoding'] ?? 'none');
}

describe('nginx compresses text answers', () => {
  test('CSS files are sent gzipped to clients that accept it', async () => {
    const res = await getRaw('/assets/site.css', GZIP);
    await expectPublicFile(
      res,
      'assets/site.css',
      'text/css',
      'GET /assets/site.css with Accept-Encoding: gzip',
    );
    if (encodingOf(res) !== 'gzip') {
      throw new Error(
        `GET /assets/site.css with Accept-Encoding: gzip: expected Content-Encoding: gzip, got ${encodingOf(res)}. ` +
          'Turn gzip on and list text/css in gzip_types (only text/html is compressed by default).',
      );
    }
  });

  test("the app's JSON is sent gzipped too", async () => {
    const res = await site().get('/api/products').set(GZIP);
    expectFromApp(res, 200, 'GET /api/products with Accept-Encoding: gzip');
    if (!Array.isArray(res.body?.products) || res.body.products.length !== 40) {
      throw new Error(`GET /api/products: expected the app's 40 products, got ${described(res)}`);
    }
    if (encodingOf(res) !== 'gzip') {
      throw new Error(
        `GET /api/products with Accept-Encoding: gzip: expected Content-Encoding: gzip, got ${encodingOf(res)}. ` +
          'List application/json in gzip_types.',
      );
    }
  });

  test('clients that do not accept gzip get the plain file', async () => {
    const res = await getRaw('/assets/site.css', { 'Accept-Encoding': 'identity' });
    await expectPublicFile(
      res,
      'assets/site.css',
      'text/css',
      'GET /assets/site.css with Accept-Encoding: identity',
    );
    if (encodingOf(res) !== 'none') {
      throw new Error(
        `GET /assets/site.css with Accept-Encoding: identity: expected no Content-Encoding, got ${encodingOf(res)}`,
      );
    }
  });
});
