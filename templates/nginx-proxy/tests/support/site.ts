/** Requests to the learner's nginx, and the checks both stages share. A support file, not a suite. */
import request from 'supertest';
import type { Response } from 'supertest';
import { bodyExcerpt, nginxUrl } from 'backlab/kit';

/** A supertest request builder for nginx: `await site().get('/')`. */
export function site(): ReturnType<typeof request> {
  return request(nginxUrl());
}

/** Asserts an answer the app gave (not nginx itself), with the expected status. */
export function expectFromApp(res: Response, status: number, context: string): void {
  if (res.headers['x-served-by'] !== 'app') {
    throw new Error(
      `${context}: expected the app to answer, but nginx answered by itself with ${res.status} (body: ${bodyExcerpt(res)}). Is there a location /api/ with proxy_pass http://app:3000?`,
    );
  }
  if (res.status !== status) {
    throw new Error(
      `${context}: expected status ${status} from the app, got ${res.status} (body: ${bodyExcerpt(res)})`,
    );
  }
}
