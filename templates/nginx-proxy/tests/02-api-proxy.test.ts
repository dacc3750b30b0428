import { bodyExcerpt } from 'backlab/kit';
import { expectFromApp, site } from './support/site';

describe('nginx sends /api/ to the app', () => {
  test('GET /api/status is answered by the app', async () => {
    const res = await site().get('/api/status');
    expectFromApp(res, 200, 'GET /api/status');
    if (res.body?.status !== 'ok' || res.body?.service !== 'notes-api') {
      throw new Error(
        `GET /api/status: expected the app's {"status": "ok", "service": "notes-api"}, got ${bodyExcerpt(res)}`,
      );
    }
  });

  test('the app receives the full path and query string', async () => {
    const path = '/api/echo/notes/7?sort=asc';
    const res = await site().get(path);
    expectFromApp(res, 200, `GET ${path}`);
    if (res.body?.path !== path) {
      throw new Error(
        `GET ${path}: the app received ${JSON.stringify(res.body?.path)}. Write no path after the port in proxy_pass: a trailing "/" replaces /api/.`,
      );
    }
  });

  test('POST bodies reach the app unchanged', async () => {
    const note = JSON.stringify({ title: 'Buy milk', body: 'and eggs' });
    const res = await site().post('/api/echo/notes').set('Content-Type', 'application/json').send(note);
    expectFromApp(res, 200, 'POST /api/echo/notes');
    if (res.body?.method !== 'POST' || res.body?.body !== note) {
      throw new Error(
        `POST /api/echo/notes with ${note}: the app received ${res.body?.method} with body ${JSON.stringify(res.body?.body)}`,
      );
    }
  });

  test("the app's own 404 for an unknown API route passes through", async () => {
    const res = await site().get('/api/no-such-route');
    expectFromApp(res, 404, 'GET /api/no-such-route');
    if (typeof res.body?.error !== 'string')
      throw new Error(
        `GET /api/no-such-route: expected the app's JSON {"error": "…"}, got ${bodyExcerpt(res)}`,
      );
  });
});
