// Your tests of the notes API; backlab runs them against the API and its broken copies.
const request = require('supertest');

const api = () => request(process.env.API_URL);

test('GET /api/notes/1 answers the welcome note', async () => {
  const res = await api().get('/api/notes/1');
  expect(res.status).toBe(200);
  expect(res.body.title).toBe('Welcome');
});

// TODO: creating a note (201), a note that does not exist (404), a note without a title (400).
