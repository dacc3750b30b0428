// Hidden tests: run by the submission server (and `backlab validate`), never shown to learners.
import { app, expectStatus } from 'backlab/kit';
import { expectErrorBody } from '../support/notes';

describe('POST /api/notes (hidden)', () => {
  test.each([
    ['an empty title', { title: '' }],
    ['a title that is not text', { title: 42 }],
    ['a title of 201 characters', { title: 'x'.repeat(201) }],
  ])('rejects %s with 400 {error}', async (what, body) => {
    const res = await app().post('/api/notes').send(body);
    expectStatus(res, 400, `POST /api/notes with ${what}`);
    expectErrorBody(res, `POST /api/notes with ${what}`);
  });
});
