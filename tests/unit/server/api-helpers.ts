import request from 'supertest';
import type { SubmissionDocument } from '../../../runner/server/api/submission-view';
import type { TestServer } from './test-server';
import { tarGz } from './archive-builders';

export const LAB = 'complete-lab';

export async function project(marker = 'v1'): Promise<Buffer> {
  return tarGz([
    { name: 'package.json', content: `{"name":"app","description":"${marker}"}` },
    { name: 'server.js', content: 'require("http").createServer().listen(process.env.PORT)' },
  ]);
}

export async function learnerToken(ts: TestServer, name: string): Promise<string> {
  const res = await request(ts.url)
    .post('/api/tokens')
    .set('Authorization', `Bearer ${ts.instructorToken}`)
    .send({ name });
  if (res.status !== 201) throw new Error(`token for ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

export function upload(
  ts: TestServer,
  token: string,
  body: Buffer,
  opts: { lab?: string; key?: string } = {},
): request.Test {
  const req = request(ts.url)
    .post(`/api/submissions?lab=${encodeURIComponent(opts.lab ?? LAB)}`)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'application/gzip');
  if (opts.key) req.set('Idempotency-Key', opts.key);
  return req.send(body);
}

export function getSubmission(ts: TestServer, token: string, id: string): request.Test {
  return request(ts.url).get(`/api/submissions/${id}`).set('Authorization', `Bearer ${token}`);
}

/** Polls until the submission's status is one of `states` (or fails after `timeoutMs`). */
export async function waitForStatus(
  ts: TestServer,
  token: string,
  id: string,
  states: string[],
  timeoutMs = 10_000,
): Promise<SubmissionDocument> {
  const started = Date.now();
  for (;;) {
    const res = await getSubmission(ts, token, id);
    if (states.includes(res.body.status)) return res.body as SubmissionDocument;
    if (Date.now() - started > timeoutMs)
      throw new Error(`submission ${id} still ${res.body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
