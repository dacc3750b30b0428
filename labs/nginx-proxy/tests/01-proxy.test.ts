import { bodyExcerpt, nginxUrl } from 'backlab/kit';
import { expectFromApp, site } from './support/site';

jest.setTimeout(30_000);

describe('nginx sends /api/ to the app', () => {
  test('GET /api/hello is answered by the app', async () => {
    const res = await site().get('/api/hello');
    expectFromApp(res, 200, 'GET /api/hello');
    if (res.body?.message !== 'Hello from the shop API') {
      throw new Error(
        `GET /api/hello: expected the app's JSON {"message": "Hello from the shop API", …}, got ${bodyExcerpt(res)}`,
      );
    }
  });

  test('the app sees the full path and query string', async () => {
    const path = '/api/echo/orders/42?sort=desc&page=2';
    const res = await site().get(path);
    expectFromApp(res, 200, `GET ${path}`);
    if (res.body.url !== path) {
      throw new Error(
        `GET ${path}: the app received ${JSON.stringify(res.body.url)} instead of ${JSON.stringify(path)}. ` +
          'Write proxy_pass with no path after the upstream (proxy_pass http://backend;): a trailing "/" replaces the /api/ prefix.',
      );
    }
  });

  test('POST bodies reach the app unchanged', async () => {
    const order = { item: 'Classic kettle', quantity: 2, note: 'gift wrap, please' };
    const res = await site().post('/api/echo/orders').set('Content-Type', 'application/json').send(order);
    expectFromApp(res, 200, 'POST /api/echo/orders');
    if (res.body.method !== 'POST' || JSON.stringify(res.body.body) !== JSON.stringify(order)) {
      throw new Error(
        `POST /api/echo/orders with ${JSON.stringify(order)}: the app received ${res.body.method} with body ${JSON.stringify(res.body.body)}`,
      );
    }
  });

  test('the app sees the Host the client asked for', async () => {
    const res = await site().get('/api/echo/host');
    expectFromApp(res, 200, 'GET /api/echo/host');
    const expected = new URL(nginxUrl()).hostname;
    // $host drops the port, $http_host keeps it: either passes the client's host on.
    const host = String(res.body.host ?? '').replace(/:\d+$/, '');
    if (host !== expected) {
      throw new Error(
        `GET /api/echo/host sent with "Host: ${expected}": the app saw "Host: ${res.body.host}". ` +
          'Pass the original Host on: proxy_set_header Host $host;',
      );
    }
  });
});
