import { isIP } from 'node:net';
import { expectFromApp, site } from '../support/site';

jest.setTimeout(30_000);

describe('nginx sends /api/ to the app (hidden)', () => {
  test('the app learns the client address from X-Forwarded-For', async () => {
    const res = await site().get('/api/echo/client');
    expectFromApp(res, 200, 'GET /api/echo/client');
    // The client nginx saw may itself be a proxy: any list of addresses will do, but it must be there.
    const addresses = String(res.body.forwardedFor ?? '').split(/,\s*/);
    if (!addresses.every((address) => isIP(address) !== 0)) {
      throw new Error(
        `GET /api/echo/client: the app saw X-Forwarded-For ${JSON.stringify(res.body.forwardedFor)}, expected the client's address. ` +
          'Add proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      );
    }
  });

  test('encoded characters in the path reach the app as sent', async () => {
    const path = '/api/echo/caf%C3%A9/a%2Fb?q=tea%26cake';
    const res = await site().get(path);
    expectFromApp(res, 200, `GET ${path}`);
    if (res.body.url !== path) {
      throw new Error(
        `GET ${path}: the app received ${JSON.stringify(res.body.url)}. Use proxy_pass without a URI part so nginx passes the request line unchanged.`,
      );
    }
  });
});
