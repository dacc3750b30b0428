import { described, getRaw, publicFile } from './support/site';
import type { Response } from 'supertest';

jest.setTimeout(30_000);

/** Fails unless `res` is a 404 whose body is the learner's public/404.html. */
export async function expectNotFoundPage(res: Response, context: string): Promise<void> {
  const page = await publicFile('404.html');
  const body = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text;
  if (res.status !== 404) {
    throw new Error(
      `${context}: expected status 404, got ${described(res)}. ` +
        (res.status === 200 ? 'A missing page must stay a 404 (no "=200" in error_page, no fallback to index.html).' : ''),
    );
  }
  if (body !== page) {
    throw new Error(`${context}: expected public/404.html as the body, got ${described(res)}. Add error_page 404 /404.html;`);
  }
}

describe('missing pages get public/404.html', () => {
  test('GET /no-such-page answers 404 with public/404.html', async () => {
    await expectNotFoundPage(await getRaw('/no-such-page'), 'GET /no-such-page');
  });

  test('a missing asset answers 404 with public/404.html', async () => {
    await expectNotFoundPage(await getRaw('/assets/no-such-file.css'), 'GET /assets/no-such-file.css');
  });
});
