import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { learnerToken, project, upload, waitForStatus } from './api-helpers';
import { startTestServer, type TestServer } from './test-server';

/** docs/openapi.yaml stays true: every documented route exists, and nothing undocumented answers. */
const spec = parse(readFileSync(join(__dirname, '../../../docs/openapi.yaml'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, { required?: string[]; properties: Record<string, unknown> }> };
};

let ts: TestServer;
let id: string;
beforeAll(async () => {
  ts = await startTestServer();
  const ada = await learnerToken(ts, 'ada');
  id = (await upload(ts, ada, await project())).body.id;
  await waitForStatus(ts, ada, id, ['graded']);
});
afterAll(async () => {
  await ts.close();
});

const documented = Object.entries(spec.paths).flatMap(([path, methods]) =>
  Object.keys(methods).map((method) => [method.toUpperCase(), path] as const),
);

describe('docs/openapi.yaml', () => {
  it.each(documented)('%s %s exists', async (method, path) => {
    const url = path.replace('{id}', id);
    const req = method === 'GET' ? request(ts.url).get(url) : request(ts.url).post(url);
    const res = await req
      .set('Authorization', `Bearer ${ts.instructorToken}`)
      .buffer(false)
      .timeout({ response: 5000 })
      .ok(() => true);
    expect(res.body?.error?.code).not.toBe('not-found');
    expect(res.status).not.toBe(404);
  });

  it('/api/health answers anonymous callers with PublicHealth, instructors with Health', async () => {
    const { PublicHealth, Health } = spec.components.schemas;
    const anonymous = await request(ts.url).get('/api/health');
    expect(Object.keys(anonymous.body).sort()).toEqual(Object.keys(PublicHealth.properties).sort());
    const instructor = await request(ts.url)
      .get('/api/health')
      .set('Authorization', `Bearer ${ts.instructorToken}`);
    for (const field of Health.required ?? []) expect(instructor.body).toHaveProperty(field);
    for (const field of Object.keys(instructor.body)) expect(Health.properties).toHaveProperty(field);
  });

  it('an undocumented route answers 404 with the error format', async () => {
    const res = await request(ts.url)
      .get('/api/nothing')
      .set('Authorization', `Bearer ${ts.instructorToken}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not-found');
  });
});
