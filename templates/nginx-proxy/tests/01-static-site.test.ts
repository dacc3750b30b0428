import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bodyExcerpt, expectStatus, submissionDir } from 'backlab/kit';
import { site } from './support/site';

describe('nginx serves public/', () => {
  test('GET / answers public/index.html as HTML', async () => {
    const page = await readFile(join(submissionDir(), 'public', 'index.html'), 'utf8').catch(() => {
      throw new Error('public/index.html is missing from your folder; the starter has it: copy it back.');
    });
    const res = await site().get('/');
    expectStatus(res, 200, 'GET /');
    if (!String(res.headers['content-type']).startsWith('text/html')) {
      throw new Error(`GET /: expected Content-Type text/html, got ${res.headers['content-type']}`);
    }
    if (res.text !== page)
      throw new Error(`GET /: expected the content of public/index.html, got ${bodyExcerpt(res)}`);
  });

  test('a page that does not exist answers 404', async () => {
    const res = await site().get('/missing.html');
    expectStatus(res, 404, 'GET /missing.html (there is no such file in public/)');
  });
});
