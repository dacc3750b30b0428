// A suite that never finishes: a test busy-waits forever, so jest's own timeout cannot stop it.
const request = require('supertest');

test('lists books', async () => {
  const res = await request(process.env.API_URL).get('/api/books');
  expect(res.status).toBe(200);
});

test('waits for a book that never comes', () => {
  for (;;) {
    // Spins: the test driver must stop the whole run at its time limit.
  }
});
