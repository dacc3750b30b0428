/** Requests to the learner's nginx, and the checks every stage shares. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import type { Response, Test } from 'supertest';
import { bodyExcerpt, nginxUrl, submissionDir } from 'backlab/kit';

/** A supertest request builder for nginx: `await site().get('/')`. */
export function site(): ReturnType<typeof request> {
  return request(nginxUrl());
}

/**
 * GET with the body kept as raw bytes (decompressed when gzipped), whatever the content type, so
 * files compare byte for byte with the learner's public/ folder.
 */
export function getRaw(path: string, headers: Record<string, string> = {}): Test {
  return site()
    .get(path)
    .set(headers)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** The text of a file in the learner's public/ folder, or a failure that says it is missing. */
export async function publicFile(name: string): Promise<string> {
  const path = join(submissionDir(), 'public', name);
  return readFile(path, 'utf8').catch(() => {
    throw new Error(`public/${name} is missing from your folder; the lab's starter has it: copy it back.`);
  });
}

/** Which copy of the app answered ("app-1", "app-2"), or undefined when nginx answered by itself. */
export function instanceOf(res: Response): string | undefined {
  const value = res.headers['x-instance'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** "404 text/html (body: …)": what came back, for failure messages. */
export function described(res: Response): string {
  const type = String(res.headers['content-type'] ?? 'no content type').split(';')[0];
  return `${res.status} ${type} (body: ${bodyOf(res)})`;
}

function bodyOf(res: Response): string {
  if (Buffer.isBuffer(res.body)) {
    const text = res.body.toString('utf8').replace(/\s+/g, ' ').trim();
    return text.length > 120 ? `${text.slice(0, 120)}…` : text || '(empty)';
  }
  return bodyExcerpt(res, 120).replace(/\s+/g, ' ');
}

/** Fails unless the app (not nginx on its own) answered with `status`. */
export function expectFromApp(res: Response, status: number, context: string): void {
  if (!instanceOf(res)) {
    throw new Error(
      `${context}: expected an answer from the app (it sends an X-Instance header), got ${described(res)} from nginx itself. ` +
        'Send /api/ requests to the app with proxy_pass.',
    );
  }
  if (res.status !== status) {
    throw new Error(`${context}: the app answered ${described(res)}, expected status ${status}`);
  }
}

/** The content type without parameters: "text/css". */
export function contentType(res: Response): string {
  return String(res.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
}

/** Fails unless `res` is a 200 of type `type` whose body is exactly the learner's public/`name`. */
export async function expectPublicFile(
  res: Response,
  name: string,
  type: string,
  context: string,
): Promise<void> {
  if (res.status !== 200) {
    throw new Error(
      `${context}: expected 200 with public/${name}, got ${described(res)}. Serve public/ (copied to /usr/share/nginx/html) with root.`,
    );
  }
  const expected = await publicFile(name);
  const body = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text;
  if (body !== expected) {
    throw new Error(`${context}: the body is not public/${name} (got ${described(res)})`);
  }
  if (contentType(res) !== type) {
    throw new Error(
      `${context}: expected Content-Type ${type}, got ${contentType(res) || 'none'}. Keep include mime.types (nginx's default).`,
    );
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
