// Hidden tests: run by the submission server (and `backlab validate`), never shown to learners.
import { nginxUrl } from 'backlab/kit';
import { expectFromApp, site } from '../support/site';

describe('nginx sends /api/ to the app (hidden)', () => {
  test('the app sees the Host the client asked for', async () => {
    const res = await site().get('/api/echo/host');
    expectFromApp(res, 200, 'GET /api/echo/host');
    const expected = new URL(nginxUrl()).hostname;
    const seen = String(res.body?.host ?? '').replace(/:\d+$/, '');
    if (seen !== expected)
      throw new Error(
        `GET /api/echo/host sent with Host ${expected}: the app saw ${JSON.stringify(res.body?.host)}. Add proxy_set_header Host $host;`,
      );
  });

  test('PUT and DELETE reach the app too', async () => {
    for (const method of ['put', 'delete'] as const) {
      const res = await site()[method]('/api/echo/notes/7');
      expectFromApp(res, 200, `${method.toUpperCase()} /api/echo/notes/7`);
      if (res.body?.method !== method.toUpperCase())
        throw new Error(`${method.toUpperCase()} /api/echo/notes/7: the app received ${res.body?.method}`);
    }
  });
});
