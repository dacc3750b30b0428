/** The custom 404 page check shared by the not-found suites. */
import type { Response } from 'supertest';
import { described, publicFile } from './site';

/** Fails unless `res` is a 404 whose body is the learner's public/404.html. */
export async function expectNotFoundPage(res: Response, context: string): Promise<void> {
  if (res.status !== 404) {
    const soft =
      res.status === 200
        ? ' A missing page must stay a 404: no "=200" in error_page, no fallback to index.html.'
        : '';
    throw new Error(`${context}: expected status 404, got ${described(res)}.${soft}`);
  }
  const page = await publicFile('404.html');
  const body = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text;
  if (body !== page) {
    throw new Error(
      `${context}: expected public/404.html as the body, got ${described(res)}. Add error_page 404 /404.html;`,
    );
  }
}
