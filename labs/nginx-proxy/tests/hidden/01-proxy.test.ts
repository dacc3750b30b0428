import { networkInterfaces } from 'node:os';
import { expectFromApp, site } from '../support/site';

jest.setTimeout(30_000);

/** This test runner's own addresses: the client address nginx sees. */
function ownAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
}

describe('nginx sends /api/ to the app (hidden)', () => {
  test('the app learns the client address from X-Forwarded-For', async () => {
    const res = await site().get('/api/echo/client');
    expectFromApp(res, 200, 'GET /api/echo/client');
    const forwarded = String(res.body.forwardedFor ?? '');
    const mine = ownAddresses();
    if (!mine.some((address) => forwarded.split(/,\s*/).includes(address))) {
      throw new Error(
        `GET /api/echo/client from ${mine.join(' or ')}: the app saw X-Forwarded-For ${JSON.stringify(res.body.forwardedFor)}. ` +
          'Add proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      );
    }
  });

  test('encoded characters in the path reach the app as sent', async () => {
    const path = '/api/echo/caf%C3%A9/a%2Fb?q=tea%26cake';
    const res = await site().get(path);
    expectFromApp(res, 200, `GET ${path}`);
    if (res.body.url !== path) {
      throw new Error(`GET ${path}: the app received ${JSON.stringify(res.body.url)}. Use proxy_pass without a URI part so nginx passes the request line unchanged.`);
    }
  });
});
