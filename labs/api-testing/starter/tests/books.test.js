// Your tests for the bookshop API. backlab runs them against the correct API and against copies
// with a bug in each; a good suite passes on the first and fails on every copy.
// Locally: `npm run api` in one terminal, then `API_URL=http://localhost:4000 npm test`.
const request = require('supertest');

const api = () => request(process.env.API_URL);

test('GET /api/books answers 200 with a page of books', async () => {
  const res = await api().get('/api/books');
  expect(res.status).toBe(200);
  expect(Array.isArray(res.body.items)).toBe(true);
});

// TODO: status codes (201 on create, 404 for a book that does not exist), validation (400),
// pagination (which books are on page 1 and page 2), what a user looks like (no password hash),
// and which routes need a login (401 without a token).
